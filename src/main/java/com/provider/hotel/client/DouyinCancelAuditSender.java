package com.provider.hotel.client;

import com.provider.douyin.client.DouyinCallException;
import com.provider.douyin.client.DouyinGateway;
import com.provider.douyin.client.PlatformOutcome;
import com.provider.douyin.client.dto.CancelAuditRequest;
import com.provider.hotel.repository.AuditRepository.Delivery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends decisions through the shared OpenAPI gateway, so they get its token, rate budget, retries and
 * circuit breaker; a refusal retrying cannot fix becomes a permanent {@link CancelAuditFailure}.
 */
@ApplicationScoped
public class DouyinCancelAuditSender implements CancelAuditSender {

    private final DouyinGateway gateway;

    public DouyinCancelAuditSender(DouyinGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public Uni<String> send(Delivery delivery) {
        CancelAuditRequest request = new CancelAuditRequest(delivery.cancelId(), delivery.orderId(),
                delivery.cancelType(), delivery.cancelResult(), delivery.reason());
        return gateway.cancelAudit(request)
                .map(answer -> answer.logId())
                .onFailure(DouyinCallException.class).transform(failure -> {
                    DouyinCallException e = (DouyinCallException) failure;
                    String code = e.platformErrorCode() == null ? "" : " [" + e.platformErrorCode() + "]";
                    return new CancelAuditFailure(e.getMessage() + code, e.platformLogId(),
                            e.outcome() == PlatformOutcome.PERMANENT, e);
                });
    }
}
