package com.provider.console.rest;

import com.provider.aftersale.rest.AfterSaleOrderView;
import com.provider.aftersale.service.AfterSaleOrderService;
import com.provider.aftersale.service.AfterSaleSyncService;
import com.provider.common.rest.PageRequest;
import com.provider.common.security.OperatorRole;
import com.provider.console.view.ConsoleView;
import com.provider.douyin.client.DouyinCallException;
import com.provider.douyin.config.DouyinApps;
import com.provider.scenic.rest.RefundNoticeView;
import com.provider.scenic.service.RefundNoticeService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;

import java.util.List;

/**
 * Scenic refund audit notices and after-sale orders of one order, and "sync now": Douyin's after-sale detail of
 * the order queried at once (through the app its latest notice came in through, else the primary app) and stored.
 */
@Path("/console/orders")
@RolesAllowed(OperatorRole.VIEWER_ROLE)
@Produces(MediaType.TEXT_HTML)
public class OrdersPage {

    private static final Logger LOG = Logger.getLogger(OrdersPage.class);
    static final String SHOWN = "100";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance orders(ConsoleView view, String orderId, List<RefundNoticeView> notices,
                                              List<AfterSaleOrderView> afterSales, String message, String error);
    }

    private final RefundNoticeService notices;
    private final AfterSaleOrderService afterSales;
    private final AfterSaleSyncService sync;
    private final DouyinApps apps;
    private final SecurityIdentity identity;

    public OrdersPage(RefundNoticeService notices, AfterSaleOrderService afterSales, AfterSaleSyncService sync,
                      DouyinApps apps, SecurityIdentity identity) {
        this.notices = notices;
        this.afterSales = afterSales;
        this.sync = sync;
        this.apps = apps;
        this.identity = identity;
    }

    @GET
    public Uni<TemplateInstance> show(@QueryParam("order_id") String orderId, RoutingContext rc) {
        return page(ConsoleView.of(identity, rc, "orders"), blank(orderId), null, null);
    }

    @POST
    @Path("/sync")
    @RolesAllowed(OperatorRole.AUDITOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> syncNow(@RestForm("order_id") String orderId, RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "orders");
        String order = blank(orderId);
        if (order == null) {
            throw new BadRequestException("order_id is required");
        }
        String operator = identity.getPrincipal().getName();
        var messages = view.messages();
        return notices.list(order, PageRequest.of(null, "1"))
                .flatMap(latest -> {
                    String clientKey = latest.items().isEmpty() ? null : latest.items().get(0).clientKey;
                    DouyinApps.App app = apps.byClientKey(clientKey).orElse(apps.primary());
                    String account = sync.accountFor(app, null).orElseThrow(() -> new BadRequestException(
                            "no account id for app " + app.name() + " (" + app.accountIdSetting() + ")"));
                    return sync.sync(app, order, null, account, operator);
                })
                .invoke(result -> LOG.infof("order %s synced now by %s: %d after-sale order(s), log id %s", order,
                        operator, result.orders().size(), result.platformLogId()))
                .flatMap(result -> page(view, order, messages.synced(result.orders().size(),
                        String.valueOf(result.platformLogId())), null))
                .onFailure(e -> e instanceof DouyinCallException || e instanceof BadRequestException)
                .recoverWithUni(failed -> page(view, order, null, messages.sync_failed(failed.getMessage())));
    }

    private Uni<TemplateInstance> page(ConsoleView view, String orderId, String message, String error) {
        if (orderId == null) {
            return Uni.createFrom().item(view.render(Templates.orders(view, null, List.of(), List.of(), message, error)));
        }
        // one after the other: the reads share the request's reactive session, which takes one query at a time
        return notices.list(orderId, PageRequest.of(null, SHOWN)).flatMap(found -> afterSales
                .list(orderId, null, PageRequest.of(null, SHOWN)).map(stored -> view.render(Templates.orders(view,
                        orderId, found.items().stream().map(RefundNoticeView::of).toList(),
                        stored.items().stream().map(AfterSaleOrderView::of).toList(), message, error))));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
