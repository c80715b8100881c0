package com.provider.hotel.client;

import com.provider.douyin.client.DouyinCallException;
import com.provider.douyin.client.DouyinGateway;
import com.provider.douyin.client.PlatformOutcome;
import com.provider.douyin.client.PlatformOutcomes;
import com.provider.douyin.client.dto.CancelAuditRequest;
import com.provider.douyin.config.DouyinApps;
import com.provider.hotel.client.CancelAuditFailure.Kind;
import com.provider.hotel.config.AuditConfig;
import com.provider.hotel.repository.DecisionOutbox.Delivery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Sends decisions through the shared OpenAPI gateway, with the token and rate budget of the app the cancellation
 * came in through, and its retries (never of a POST that may have been applied, nor of an "already decided"
 * answer) and circuit breaker.
 */
@ApplicationScoped
public class DouyinCancelAuditSender implements CancelAuditSender {

    private final DouyinGateway gateway;
    private final DouyinApps apps;
    private final Set<Long> alreadyDecidedCodes;

    public DouyinCancelAuditSender(DouyinGateway gateway, DouyinApps apps, AuditConfig config) {
        this.gateway = gateway;
        this.apps = apps;
        this.alreadyDecidedCodes = config.delivery().alreadyDecidedCodes().orElse(Set.of());
    }

    @Override
    public Uni<String> send(Delivery delivery) {
        var app = apps.byClientKey(delivery.clientKey());
        if (app.isEmpty()) {
            return Uni.createFrom().failure(new CancelAuditFailure("the cancellation came in through app "
                    + delivery.clientKey() + ", which is not configured (douyin.apps.<name>.client-key)",
                    Kind.UNKNOWN_APP, null, null, null));
        }
        CancelAuditRequest request = new CancelAuditRequest(delivery.cancelId(), delivery.orderId(),
                delivery.cancelType(), delivery.cancelResult(), delivery.reason());
        return gateway.cancelAudit(app.get(), request, alreadyDecidedCodes)
                .map(answer -> answer.logId())
                .onFailure().transform(failure -> {
                    DouyinCallException e = PlatformOutcomes.fromFailure("cancel audit of " + delivery.cancelId(),
                            failure);
                    String code = e.platformErrorCode() == null ? "" : " [" + e.platformErrorCode() + "]";
                    return new CancelAuditFailure(e.getMessage() + code, kind(e), e.platformErrorCode(),
                            e.platformLogId(), e);
                });
    }

    private static Kind kind(DouyinCallException e) {
        if (e.tokenTrouble()) {
            return Kind.TOKEN;
        }
        if (e.outcomeUnknown()) {
            return Kind.UNKNOWN;
        }
        if (e.outcome() == PlatformOutcome.PERMANENT) {
            return Kind.REFUSED;
        }
        return e.answeredByPlatform() ? Kind.RETRY : Kind.NOT_SENT;
    }
}
