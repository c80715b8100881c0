package com.provider.aftersale.service;

import com.provider.aftersale.model.AfterSaleOrder;
import com.provider.douyin.client.DouyinGateway;
import com.provider.douyin.config.DouyinApps;
import com.provider.douyin.config.DouyinApps.App;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Queries Douyin for an order's after-sale orders through one app and stores the answer.
 * <p>
 * Which merchant account a sync asks about: the account named explicitly (the {@code account_id} of
 * {@code POST /api/after-sales/sync}, or of the job) wins; otherwise the {@code account-id} of the app the sync
 * goes through, which for a queued job is the app its notice came in through ({@code DOUYIN_ACCOUNT_ID} for the
 * primary app).
 * <p>
 * The query takes no cursor: an answer with {@code has_more} cannot be followed. It is stored as it is, recorded on
 * its orders, counted in {@code aftersale_sync_has_more_total{app}} and logged, so an operator can take it to Douyin.
 */
@ApplicationScoped
@Startup // publishes the has_more series of every app from the start
public class AfterSaleSyncService {

    private static final Logger LOG = Logger.getLogger(AfterSaleSyncService.class);

    private final DouyinGateway gateway;
    private final AfterSaleOrderService orders;
    private final Map<String, Counter> hasMoreByApp;

    public AfterSaleSyncService(DouyinGateway gateway, AfterSaleOrderService orders, DouyinApps apps,
                                MeterRegistry registry) {
        this.gateway = gateway;
        this.orders = orders;
        this.hasMoreByApp = apps.all().stream().collect(Collectors.toUnmodifiableMap(App::name, app ->
                Counter.builder("aftersale.sync.has_more")
                        .description("After-sale detail answers with has_more: orders Douyin left out, "
                                + "which the API (no cursor parameter) cannot ask for")
                        .tags("app", app.name()).register(registry)));
    }

    /** What one query stored: Douyin's log id, {@code has_more} and {@code cursor}, and the orders as now stored. */
    public record Synced(String accountId, String certificateId, String platformLogId, Boolean hasMore,
                         String cursor, List<AfterSaleOrder> orders) {
    }

    /** {@code explicitAccountId} when given, else {@code app}'s account-id; empty when neither is set. */
    public Optional<String> accountFor(App app, String explicitAccountId) {
        return explicitAccountId == null || explicitAccountId.isBlank() ? app.accountId()
                : Optional.of(explicitAccountId.trim());
    }

    /**
     * Fails with {@link com.provider.douyin.client.DouyinCallException} when Douyin does not answer successfully
     * (or not exactly as the protocol says); nothing is stored then.
     */
    public Uni<Synced> sync(App app, String orderId, String certificateId, String accountId, String operator) {
        String certificate = certificateId == null || certificateId.isBlank() ? null : certificateId.trim();
        return gateway.afterSaleDetail(app, accountId, orderId, certificate).flatMap(answer -> {
            var data = answer.data();
            Boolean hasMore = data == null ? null : data.hasMore();
            String cursor = data == null ? null : data.cursor();
            if (Boolean.TRUE.equals(hasMore)) {
                hasMoreByApp.get(app.name()).increment();
                LOG.warnf("after-sale detail of order %s (certificate %s, account %s, app %s) answered has_more "
                        + "with cursor %s: the API takes no cursor, so only the %d after-sale order(s) sent are "
                        + "stored [platform logid %s]", orderId, certificate, accountId, app.name(), cursor,
                        data.afterSaleOrderList() == null ? 0 : data.afterSaleOrderList().size(), answer.logId());
            }
            return orders.store(answer, accountId, certificate, operator)
                    .flatMap(orders::find)
                    .map(stored -> new Synced(accountId, certificate, answer.logId(), hasMore, cursor, stored));
        });
    }
}
