package com.provider.aftersale.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.provider.aftersale.model.AfterSaleOrder;
import com.provider.aftersale.model.AfterSaleRefundLine;
import com.provider.aftersale.model.RefundAmounts;
import com.provider.aftersale.model.TimesCardEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stored after-sale order as operators see it: every field Douyin sent, under Douyin's names (PROTOCOL.md 2c),
 * plus the account it was asked for and where and when it was synced. Numbers are exact {@code long}s.
 *
 * @param lastSyncedBy the operator who asked for the last sync, or null when the sync queue ran it
 * @param hasMore Douyin's {@code has_more} of the answer this order was last stored from: true means that answer
 *                left out after-sale orders of the query, which the API offers no way to ask for
 */
@RegisterForReflection
public record AfterSaleOrderView(
        String afterSaleId,
        String orderId,
        String accountId,
        String outBizAfterSaleId,
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
        @JsonUnwrapped Amounts amounts,
        String platformLogId,
        Boolean hasMore,
        String cursor,
        OffsetDateTime firstSyncedAt,
        OffsetDateTime lastSyncedAt,
        String lastSyncedBy,
        List<RefundLine> refundInfoList) {

    /** The eight amounts of an order and of each of its lines, shown in place (no object of their own). */
    @RegisterForReflection
    public record Amounts(
            Long refundAmount,
            Long userRefundAmount,
            Long marketRefundAmount,
            Long deductFeeAmount,
            Long userDeductFeeAmount,
            Long marketDeductFeeAmount,
            Long totalRefundAmount,
            Long realRefundAmount) {

        static Amounts of(RefundAmounts stored) {
            return stored == null ? new Amounts(null, null, null, null, null, null, null, null)
                    : new Amounts(stored.refundAmount, stored.userRefundAmount, stored.marketRefundAmount,
                    stored.deductFeeAmount, stored.userDeductFeeAmount, stored.marketDeductFeeAmount,
                    stored.totalRefundAmount, stored.realRefundAmount);
        }
    }

    @RegisterForReflection
    public record Reason(List<Long> reasonCode, String desc, List<ShowReason> showReason) {
    }

    @RegisterForReflection
    public record ShowReason(Long reasonCode, String msg) {
    }

    @RegisterForReflection
    public record RefundLine(
            String refundId,
            String certificateId,
            String code,
            String orderItemId,
            Long refundStatus,
            Boolean isVerified,
            @JsonUnwrapped Amounts amounts,
            Long platformMarketRefundAmount,
            Long platformMarketDeductFeeAmount,
            Long applyTime,
            Long createTime,
            Long updateTime,
            Long completeTime,
            List<TimesCard> timesCardRefundInfoList) {

        static RefundLine of(AfterSaleRefundLine line) {
            return new RefundLine(line.refundId, line.certificateId, line.code, line.orderItemId, line.refundStatus,
                    line.verified, Amounts.of(line.amounts), line.platformMarketRefundAmount,
                    line.platformMarketDeductFeeAmount,
                    line.applyTime, line.createTime, line.updateTime, line.completeTime,
                    line.timesCards.stream().map(TimesCard::of).toList());
        }
    }

    @RegisterForReflection
    public record TimesCard(
            Long serialNumber,
            Long refundAmount,
            Long originAmount,
            Long userAmount,
            Long marketingAmount,
            Long platformMarketAmount,
            Long deductFeeAmount,
            Long userDeductFeeAmount,
            Long platformMarketDeductFeeAmount) {

        static TimesCard of(TimesCardEntry entry) {
            return new TimesCard(entry.serialNumber, entry.refundAmount, entry.originAmount, entry.userAmount,
                    entry.marketingAmount, entry.platformMarketAmount, entry.deductFeeAmount, entry.userDeductFeeAmount,
                    entry.platformMarketDeductFeeAmount);
        }
    }

    /** {@code order} with its lines, which must be loaded. */
    public static AfterSaleOrderView of(AfterSaleOrder order) {
        return new AfterSaleOrderView(order.afterSaleId, order.orderId, order.accountId, order.outBizAfterSaleId,
                order.outRefundPaymentId, order.merchantAccountId, order.status, order.refundType, order.orderType,
                order.tradeType, order.auditResult, order.auditTime, order.createTime, order.updateTime,
                order.completeTime, reason(order), order.rejectReason, Amounts.of(order.amounts), order.platformLogId,
                order.hasMore, order.cursor, order.firstSyncedAt, order.lastSyncedAt, order.lastSyncedBy,
                order.refundLines.stream().map(RefundLine::of).toList());
    }

    /** Null when Douyin sent no reason. */
    private static Reason reason(AfterSaleOrder order) {
        if (order.reasonCodes == null && order.reasonDesc == null && order.showReasonCodes == null) {
            return null;
        }
        List<ShowReason> show = null;
        if (order.showReasonCodes != null) {
            show = new ArrayList<>(order.showReasonCodes.length);
            for (int i = 0; i < order.showReasonCodes.length; i++) {
                show.add(new ShowReason(order.showReasonCodes[i], order.showReasonMsgs != null
                        && i < order.showReasonMsgs.length ? order.showReasonMsgs[i] : null));
            }
        }
        return new Reason(order.reasonCodes == null ? null : Arrays.asList(order.reasonCodes), order.reasonDesc, show);
    }
}
