package com.provider.aftersale.service;

import com.provider.aftersale.model.SyncResult;
import com.provider.aftersale.repository.AfterSaleRepository;
import com.provider.douyin.client.DouyinGateway;
import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import com.provider.douyin.config.DouyinConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Queries Douyin for an order's after-sale orders and stores the answer. */
@ApplicationScoped
public class AfterSaleSyncService {

    private final DouyinGateway gateway;
    private final AfterSaleRepository repository;
    private final Optional<String> defaultAccountId;

    public AfterSaleSyncService(DouyinGateway gateway, AfterSaleRepository repository, DouyinConfig douyin) {
        this.gateway = gateway;
        this.repository = repository;
        this.defaultAccountId = douyin.accountId().filter(id -> !id.isBlank());
    }

    /** {@code accountId} when given, else {@code DOUYIN_ACCOUNT_ID}; empty when neither is set. */
    public Optional<String> accountOrDefault(String accountId) {
        return accountId == null || accountId.isBlank() ? defaultAccountId : Optional.of(accountId.trim());
    }

    /**
     * Fails with {@link com.provider.douyin.client.DouyinCallException} when Douyin does not answer successfully;
     * nothing is stored then.
     */
    public Uni<SyncResult> sync(String orderId, String certificateId, String accountId) {
        String certificate = certificateId == null || certificateId.isBlank() ? null : certificateId.trim();
        return gateway.afterSaleDetail(accountId, orderId, certificate).flatMap(answer -> {
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
