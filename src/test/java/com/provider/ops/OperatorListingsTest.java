package com.provider.ops;

import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.ScenicNoticeBodies.REFUND_AUDIT_NOTICE;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/**
 * The operator's listings page through what is stored: the last page holds the rest, a page past the end is empty
 * and still says how many there are, and filters given together all apply.
 */
@QuarkusTest
class OperatorListingsTest {

    private static final String CANCELLATIONS = "/api/hotel/cancellations";
    private static final String NOTICES = "/api/scenic/refund-audit-notices";
    private static final String CALLBACKS = "/api/callbacks";

    /** Stores cancellations of one order, oldest first: {@code acknowledged} CANCELLED, then {@code pending} PENDING_AUDIT. */
    private static List<String> cancellations(String orderId, int acknowledged, int pending) {
        List<String> cancelIds = new ArrayList<>();
        for (int i = 0; i < acknowledged + pending; i++) {
            String cancelId = uniqueId("cancel");
            boolean audit = i >= acknowledged;
            SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, audit ? true : null, audit ? 21 : 11))
                    .then().statusCode(200).body("data.error_code", equalTo(0));
            cancelIds.add(cancelId);
        }
        return cancelIds;
    }

    private static RequestSpecification page(int page, int size) {
        return operator().queryParam("page", page).queryParam("size", size);
    }

    @Test
    void cancellationsAtTheLastPageAndPastItReportTheTrueTotal() {
        String orderId = uniqueId("order");
        List<String> newestFirst = cancellations(orderId, 5, 0);
        Collections.reverse(newestFirst);

        page(0, 2).queryParam("order_id", orderId).get(CANCELLATIONS).then().statusCode(200)
                .body("total", equalTo(5)).body("items.cancel_id", equalTo(newestFirst.subList(0, 2)));
        page(2, 2).queryParam("order_id", orderId).get(CANCELLATIONS).then().statusCode(200)
                .body("page", equalTo(2)).body("size", equalTo(2))
                .body("total", equalTo(5)).body("items.cancel_id", equalTo(newestFirst.subList(4, 5)));
        page(3, 2).queryParam("order_id", orderId).get(CANCELLATIONS).then().statusCode(200)
                .body("total", equalTo(5)).body("items", hasSize(0));
        page(40, 2).queryParam("order_id", orderId).get(CANCELLATIONS).then().statusCode(200)
                .body("total", equalTo(5)).body("items", hasSize(0));
        // a full last page: nothing more, and the total says so
        page(0, 5).queryParam("order_id", orderId).get(CANCELLATIONS).then()
                .body("total", equalTo(5)).body("items", hasSize(5));
        page(1, 5).queryParam("order_id", orderId).get(CANCELLATIONS).then()
                .body("total", equalTo(5)).body("items", hasSize(0));
    }

    @Test
    void cancellationFiltersGivenTogetherAllApply() {
        String orderId = uniqueId("order");
        List<String> stored = cancellations(orderId, 2, 3);
        cancellations(uniqueId("other-order"), 1, 1);

        operator().queryParam("order_id", orderId).queryParam("status", "PENDING_AUDIT").get(CANCELLATIONS).then()
                .body("total", equalTo(3))
                .body("items.cancel_id", equalTo(List.of(stored.get(4), stored.get(3), stored.get(2))))
                .body("items.status", everyItem(equalTo("PENDING_AUDIT")));
        page(1, 2).queryParam("order_id", orderId).queryParam("status", "PENDING_AUDIT").get(CANCELLATIONS).then()
                .body("total", equalTo(3)).body("items.cancel_id", equalTo(List.of(stored.get(2))));
        operator().queryParam("order_id", orderId).queryParam("status", "CANCELLED").get(CANCELLATIONS).then()
                .body("total", equalTo(2)).body("items.order_id", everyItem(equalTo(orderId)));
        operator().queryParam("order_id", orderId).queryParam("status", "AGREED").get(CANCELLATIONS).then()
                .body("total", equalTo(0)).body("items", hasSize(0));
        operator().queryParam("order_id", orderId).get(CANCELLATIONS).then().body("total", equalTo(5));
    }

    @Test
    void noticesAtTheLastPageAndPastItReportTheTrueTotalWithTheirSubItems() {
        String orderId = uniqueId("order");
        for (int certificate = 1; certificate <= 3; certificate++) {
            SignedSpi.call().post(REFUND_AUDIT_NOTICE, """
                    {"order_id":"%s","notice_list":[{"certificate_id":"c-%d","refund_count":1,"audit_result":1,\
                    "sub_item_list":[{"sub_item_id":"s-%d-1","refund_amount":100},{"sub_item_id":"s-%d-2"}]}]}"""
                    .formatted(orderId, certificate, certificate, certificate)).then().statusCode(200)
                    .body("data.error_code", equalTo(0));
        }
        page(1, 2).queryParam("order_id", orderId).get(NOTICES).then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.certificate_id", equalTo(List.of("c-1")))
                .body("items[0].sub_item_list.sub_item_id", equalTo(List.of("s-1-1", "s-1-2")))
                .body("items[0].sub_item_list[0].refund_amount", equalTo(100));
        page(0, 2).queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(3)).body("items.certificate_id", equalTo(List.of("c-3", "c-2")))
                .body("items[1].sub_item_list.sub_item_id", equalTo(List.of("s-2-1", "s-2-2")));
        page(2, 2).queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(3)).body("items", hasSize(0));
    }

    @Test
    void callbackFiltersCombineListsLeaveBodiesOutAndOneEntryShowsItsBody() {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel");
        String first = body(orderId, cancelId, null, 11);
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, first).then().statusCode(200);
        SignedSpi again = SignedSpi.call();
        again.post(HOTEL_CANCEL_ORDER, first).then().statusCode(200);
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, first).then().statusCode(200);

        operator().queryParam("business_key", cancelId).get(CALLBACKS).then()
                .body("total", equalTo(3))
                .body("items.outcome", equalTo(List.of("DUPLICATE", "DUPLICATE", "HANDLED")))
                .body("items", everyItem(not(hasKey("body"))));
        operator().queryParam("business_key", cancelId).queryParam("outcome", "DUPLICATE").get(CALLBACKS).then()
                .body("total", equalTo(2));
        operator().queryParam("business_key", cancelId).queryParam("outcome", "DUPLICATE")
                .queryParam("log_id", again.logId()).get(CALLBACKS).then()
                .body("total", equalTo(1)).body("items[0].log_id", equalTo(again.logId()));
        operator().queryParam("business_key", cancelId).queryParam("outcome", "HANDLED")
                .queryParam("log_id", again.logId()).get(CALLBACKS).then()
                .body("total", equalTo(0));
        page(1, 2).queryParam("business_key", cancelId).get(CALLBACKS).then()
                .body("total", equalTo(3)).body("items.outcome", equalTo(List.of("HANDLED")));
        page(5, 2).queryParam("business_key", cancelId).get(CALLBACKS).then()
                .body("total", equalTo(3)).body("items", hasSize(0));

        long id = operator().queryParam("log_id", again.logId()).get(CALLBACKS).then().extract()
                .jsonPath().getLong("items[0].id");
        operator().get(CALLBACKS + "/" + id).then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("log_id", equalTo(again.logId()))
                .body("outcome", equalTo("DUPLICATE"))
                .body("body", equalTo(first));
        operator().get(CALLBACKS + "/999999999").then().statusCode(404).contentType("application/json");
    }
}
