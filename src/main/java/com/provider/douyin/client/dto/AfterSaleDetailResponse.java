package com.provider.douyin.client.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Answer of the after-sale detail query (PROTOCOL.md 2c): every field of the page's example and of ByteDance's
 * OpenAPI SDK model ({@code OrderDetailGetResponse*}), which adds the platform-marketing amounts of a refund line
 * and the amounts of a times-card entry. Every number is a {@code Long}: the platform's
 * own example puts amounts, times and even enums near 10^18. Every int64 of an order may come as a JSON integer
 * or a decimal-integer string ({@link Int64}); the error code only as an integer. The REST client's mapper for
 * Douyin ({@code DouyinApi}) refuses everything else: floats, exponents, booleans, strings where they do not belong.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record AfterSaleDetailResponse(Data data, PlatformExtra extra) implements PlatformAnswer {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(Long errorCode, String description, Boolean hasMore, String cursor,
                       List<Order> afterSaleOrderList) {
    }

    /** The eight amounts an after-sale order and each of its refund lines both carry. */
    public interface Amounts {
        Long refundAmount();

        Long userRefundAmount();

        Long marketRefundAmount();

        Long deductFeeAmount();

        Long userDeductFeeAmount();

        Long marketDeductFeeAmount();

        Long totalRefundAmount();

        Long realRefundAmount();
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Order(
            String afterSaleId,
            String outBizAfterSaleId,
            String orderId,
            String outRefundPaymentId,
            @Int64 Long merchantAccountId,
            @Int64 Long status,
            @Int64 Long refundType,
            @Int64 Long orderType,
            @Int64 Long tradeType,
            String auditResult,
            @Int64 Long auditTime,
            @Int64 Long createTime,
            @Int64 Long updateTime,
            @Int64 Long completeTime,
            Reason reason,
            String rejectReason,
            @Int64 Long refundAmount,
            @Int64 Long userRefundAmount,
            @Int64 Long marketRefundAmount,
            @Int64 Long deductFeeAmount,
            @Int64 Long userDeductFeeAmount,
            @Int64 Long marketDeductFeeAmount,
            @Int64 Long totalRefundAmount,
            @Int64 Long realRefundAmount,
            List<RefundInfo> refundInfoList) implements Amounts {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reason(@JsonDeserialize(contentUsing = Int64Deserializer.class) List<Long> reasonCode, String desc,
                         List<ShowReason> showReason) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ShowReason(@Int64 Long reasonCode, String msg) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RefundInfo(
            String refundId,
            String certificateId,
            String code,
            String orderItemId,
            @Int64 Long refundStatus,
            Boolean isVerified,
            @Int64 Long refundAmount,
            @Int64 Long userRefundAmount,
            @Int64 Long marketRefundAmount,
            @Int64 Long deductFeeAmount,
            @Int64 Long userDeductFeeAmount,
            @Int64 Long marketDeductFeeAmount,
            @Int64 Long totalRefundAmount,
            @Int64 Long realRefundAmount,
            @Int64 Long platformMarketRefundAmount,
            @Int64 Long platformMarketDeductFeeAmount,
            @Int64 Long applyTime,
            @Int64 Long createTime,
            @Int64 Long updateTime,
            @Int64 Long completeTime,
            List<TimesCardRefund> timesCardRefundInfoList) implements Amounts {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TimesCardRefund(
            @Int64 Long serialNumber,
            @Int64 Long refundAmount,
            @Int64 Long originAmount,
            @Int64 Long userAmount,
            @Int64 Long marketingAmount,
            @Int64 Long platformMarketAmount,
            @Int64 Long deductFeeAmount,
            @Int64 Long userDeductFeeAmount,
            @Int64 Long platformMarketDeductFeeAmount) {
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
