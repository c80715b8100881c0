package com.provider.hotel.service;

import com.provider.douyin.spi.FieldLength;
import com.provider.douyin.spi.SpiAnswer;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.spi.SpiHandler;
import com.provider.douyin.spi.SpiResult;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.StrictJson;
import com.provider.douyin.spi.repository.InboxStore;
import com.provider.hotel.model.CancelOrderRequest;
import com.provider.hotel.model.RefundNight;
import com.provider.hotel.repository.CancellationStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/**
 * Douyin's hotel cancel-order SPI (PROTOCOL.md 1a). Idempotent by cancel_id: the first delivery is decided
 * by {@link CancellationPolicy} and stored with its answer; every redelivery, concurrent or later, gets
 * that stored answer, even if the policy has changed since.
 */
@ApplicationScoped
public class CancelOrderHandler implements SpiHandler<CancelOrderRequest> {

    public static final String PATH = "/douyin/spi/hotel/cancel-order";
    public static final String NAME = "hotel.cancel-order";

    private static final Logger LOG = Logger.getLogger(CancelOrderHandler.class);

    private final CancellationPolicy policy;
    private final CancellationStore store;
    private final InboxStore inbox;

    public CancelOrderHandler(CancellationPolicy policy, CancellationStore store, InboxStore inbox) {
        this.policy = policy;
        this.store = store;
        this.inbox = inbox;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public CancelOrderRequest parse(byte[] body) {
        StrictJson.Fields json = StrictJson.parseObject(body);
        List<RefundNight> nights = json.optionalObjects("refund_order_detail").stream()
                .map(night -> new RefundNight(
                        night.requiredString("rate_plan_id", FieldLength.ID),
                        night.requiredLong("daily_refund_amount"),
                        night.optionalString("period_start_date", FieldLength.SHORT),
                        night.optionalString("period_end_date", FieldLength.SHORT),
                        night.optionalString("period_start_time", FieldLength.SHORT),
                        night.optionalString("period_end_time", FieldLength.SHORT)))
                .toList();
        CancelOrderRequest request = new CancelOrderRequest(
                json.requiredString("order_id", FieldLength.ID),
                json.requiredString("cancel_id", FieldLength.ID),
                json.optionalString("order_out_id", FieldLength.EXTERNAL_ID),
                json.optionalLong("refund_amount"),
                json.optionalLong("user_refund_amount"),
                json.optionalLong("penalty"),
                json.optionalString("currency", FieldLength.SHORT),
                json.optionalString("cancel_reason", FieldLength.TEXT),
                json.optionalLong("cancel_order_time_unix"),
                json.requiredInt("cancel_type"),
                json.requiredInt("biz_type"),
                json.optionalBoolean("need_audit"),
                json.optionalInt("applicant_type"),
                json.optionalBoolean("negotiate_refund"),
                json.requiredInt("after_sale_type"),
                json.requiredInt("refund_type"),
                nights);
        json.validate();
        return request;
    }

    @Override
    public String businessKey(CancelOrderRequest request) {
        return request.cancelId();
    }

    @Override
    public Map<String, String> logContext(CancelOrderRequest request) {
        return Map.of("order_id", request.orderId(), "cancel_id", request.cancelId());
    }

    @Override
    public Uni<SpiResult> handle(SpiCall call, CancelOrderRequest request) {
        return store.store(call, request, policy.decide(request)).flatMap(stored -> {
            SpiAnswer answer = SpiAnswer.success(stored.answer().answerFields());
            // DEBUG only: SpiPipeline writes the call's one INFO access line (outcome, answer, time).
            if (stored.firstDelivery()) {
                LOG.debugf("cancellation stored as %s (%s)", stored.answer().status(), stored.answer().rule());
                return Uni.createFrom().item(new SpiResult(answer, InboxOutcome.HANDLED));
            }
            // Only a redelivery needs the digest (the first delivery's is computed by PostgreSQL).
            if (MessageDigest.isEqual(stored.firstBodySha256(), sha256(call.body()))) {
                LOG.debug("cancellation redelivered; answered as the first time");
                return Uni.createFrom().item(new SpiResult(answer, InboxOutcome.DUPLICATE));
            }
            String detail = "body differs from the first delivery of cancel_id " + request.cancelId()
                    + "; answered as the first delivery, nothing changed";
            LOG.warn(detail);
            return inbox.markConflict(stored.inboxId(), detail)
                    .replaceWith(new SpiResult(answer, InboxOutcome.DUPLICATE_CONFLICT));
        });
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
