package com.provider.aftersale.service;

import com.provider.aftersale.model.SyncResult;
import com.provider.aftersale.repository.AfterSaleRepository;
import com.provider.douyin.client.DouyinGateway;
import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import com.provider.douyin.config.DouyinApps.App;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Queries Douyin for an order's after-sale orders through one app and stores the answer.
 * <p>
 * Which merchant account a sync asks about: the account named explicitly (the {@code account_id} of
 * {@code POST /api/after-sales/sync}, or of the job) wins; otherwise the {@code account-id} of the app the sync
 * goes through, which for a queued job is the app its notice came in through ({@code DOUYIN_ACCOUNT_ID} for the
 * primary app).
 */
@ApplicationScoped
public class AfterSaleSyncService {

    private final DouyinGateway gateway;
    private final AfterSaleRepository repository;

    public AfterSaleSyncService(DouyinGateway gateway, AfterSaleRepository repository) {
        this.gateway = gateway;
        this.repository = repository;
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
    public Uni<SyncResult> sync(App app, String orderId, String certificateId, String accountId) {
        String certificate = certificateId == null || certificateId.isBlank() ? null : certificateId.trim();
        return gateway.afterSaleDetail(app, accountId, orderId, certificate).flatMap(answer -> {
            var data = answer.data();
            List<AfterSaleDetailResponse.Order> orders = data == null || data.afterSaleOrderList() == null
                    ? List.of() : data.afterSaleOrderList();
            return repository.store(accountId, answer.logId(), orders)
                    .flatMap(repository::findAll)
                    .map(stored -> new SyncResult(orderId, certificate, accountId, answer.logId(),
                            data == null ? null : data.hasMore(), data == null ? null : data.cursor(), stored));
        });
    }
}
