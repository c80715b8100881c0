package com.provider.douyin.client.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Answer of the after-sale detail query (PROTOCOL.md 2c). Every number is a {@code Long}: the platform's
 * own example puts amounts, times and even enums near 10^18.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record AfterSaleDetailResponse(Data data, PlatformExtra extra) implements PlatformAnswer {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(Long errorCode, String description, Boolean hasMore, String cursor,
                       List<Order> afterSaleOrderList) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Order(
            String afterSaleId,
            String outBizAfterSaleId,
            String orderId,
            String outRefundPaymentId,
            Long merchantAccountId,
            Long status,
            Long refundType,
            Long orderType,
            Long tradeType,
            String auditResult,
            Long auditTime,
            Long createTime,
            Long updateTime,
            Long completeTime,
            Reason reason,
            String rejectReason,
            Long refundAmount,
            Long userRefundAmount,
            Long marketRefundAmount,
            Long deductFeeAmount,
            Long userDeductFeeAmount,
            Long marketDeductFeeAmount,
            Long totalRefundAmount,
            Long realRefundAmount,
            List<RefundInfo> refundInfoList) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reason(List<Long> reasonCode, String desc, List<ShowReason> showReason) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ShowReason(Long reasonCode, String msg) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RefundInfo(
            String refundId,
            String certificateId,
            String code,
            String orderItemId,
            Long refundStatus,
            Boolean isVerified,
            Long refundAmount,
            Long userRefundAmount,
            Long marketRefundAmount,
            Long deductFeeAmount,
            Long userDeductFeeAmount,
            Long marketDeductFeeAmount,
            Long totalRefundAmount,
            Long realRefundAmount,
            Long applyTime,
            Long createTime,
            Long updateTime,
            Long completeTime,
            List<TimesCardRefund> timesCardRefundInfoList) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TimesCardRefund(Long serialNumber) {
    }

    @Override
    public Long dataErrorCode() {
        return data == null ? null : data.errorCode();
    }

    @Override
    public String dataDescription() {
        return data == null ? null : data.description();
    }
}
