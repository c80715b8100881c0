package com.provider.console;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.provider.aftersale.repository.SyncJobQueue;
import com.provider.aftersale.service.SyncJobWorker;
import com.provider.support.Browser;
import com.provider.support.DouyinAnswers;
import com.provider.support.DouyinWireMock;
import com.provider.support.FastDelivery;
import com.provider.support.InjectWireMock;
import com.provider.support.SignedSpi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URL;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

import static com.provider.support.Operator.AUDITOR;
import static com.provider.support.Operator.AUDITOR_PASSWORD;
import static com.provider.support.Operator.VIEWER;
import static com.provider.support.Operator.VIEWER_PASSWORD;
import static com.provider.support.Operator.operator;
import static com.provider.support.PendingAudits.pendingAudit;
import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser (headless Chromium), against a WireMock Douyin with the decision outbox running:
 * operators sign in, decide, and watch the decision reach Douyin; a viewer cannot decide; a form without the
 * session's CSRF token changes nothing.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
@TestProfile(FastDelivery.class)
class ConsoleBrowserTest {

    @InjectWireMock
    WireMockServer douyin;

    @Inject
    SyncJobQueue jobs;

    @Inject
    SyncJobWorker worker;

    @TestHTTPResource("/")
    URL base;

    @Test
    void anAuditorAgreesInOneClickAndSeesItDeliveredWithDouyinsLogId() {
        String cancelId = pendingAudit();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-console-agree"))));
        try (Browser browser = Browser.open(base.toString(), "zh-CN")) {
            browser.signIn(AUDITOR, AUDITOR_PASSWORD);
            assertEquals("/console/audits", browser.path());
            WebElement row = browser.find(By.id("audit-" + cancelId));
            assertTrue(row.getText().contains("¥259.00"), row.getText());
            assertTrue(row.getText().contains("need_audit true, refund_type 21: audit"), row.getText());
            browser.screenshot("console-pending-audits");

            row.findElement(By.cssSelector("button.agree")).click();

            browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("decision-" + cancelId),
                    "log-console-agree"));
            assertTrue(browser.find(By.id("decision-" + cancelId)).getText().contains(AUDITOR));
        }
        assertEquals(1, DouyinAnswers.cancelAuditRequests(douyin, cancelId).size());
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("AUDIT_SENT"))
                .body("audit.decided_by", equalTo(AUDITOR));
    }

    @Test
    void aRejectionNeedsAReasonAndIsSentWithIt() throws Exception {
        String cancelId = pendingAudit();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-console-reject"))));
        try (Browser browser = Browser.open(base.toString(), "en-US,en")) {
            browser.signIn(AUDITOR, AUDITOR_PASSWORD);
            browser.find(By.cssSelector("#audit-" + cancelId + " button.reject")).click();
            browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-" + cancelId),
                    "reason is required to reject"));
            operator().get("/api/hotel/cancellations/" + cancelId).then().body("status", equalTo("PENDING_AUDIT"));

            browser.find(By.cssSelector("#audit-" + cancelId + " input[name=reason]")).sendKeys("room already used");
            browser.find(By.cssSelector("#audit-" + cancelId + " button.reject")).click();
            browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("decision-" + cancelId),
                    "sent to Douyin, log id log-console-reject"));
        }
        var calls = DouyinAnswers.cancelAuditRequests(douyin, cancelId);
        assertEquals(1, calls.size());
        assertTrue(calls.get(0).getBodyAsString().contains("\"reason\":\"room already used\""), calls.get(0).getBodyAsString());
    }

    @Test
    void aDecisionDouyinRefusesShowsFailedAndAnAuditorRedeliversIt() {
        String cancelId = pendingAudit();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId)
                .willReturn(okJson(DouyinAnswers.businessError(2119005, "log-console-refused"))));
        try (Browser browser = Browser.open(base.toString(), "en")) {
            browser.signIn(AUDITOR, AUDITOR_PASSWORD);
            browser.find(By.cssSelector("#audit-" + cancelId + " button.agree")).click();
            browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("decision-" + cancelId),
                    "failed: "));
            operator().get("/api/hotel/cancellations/" + cancelId).then()
                    .body("audit.delivery_status", equalTo("FAILED"));

            // the cause fixed on Douyin's side, the auditor sends it again from the row
            douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId)
                    .willReturn(okJson(DouyinAnswers.accepted("log-console-redelivered"))));
            browser.find(By.cssSelector("#decision-" + cancelId + " form.redeliver button")).click();
            browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("decision-" + cancelId),
                    "log-console-redelivered"));
        }
        assertEquals(2, DouyinAnswers.cancelAuditRequests(douyin, cancelId).size());
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("AUDIT_SENT"))
                .body("audit.decided_by", equalTo(AUDITOR))
                .body("history.find { it.status == 'DELIVERY_REQUEUED' }.actor", equalTo(AUDITOR));
    }

    @Test
    void aViewerSeesNoDecideButtonAndAForgedDecisionIsRefused() {
        String cancelId = pendingAudit();
        try (Browser browser = Browser.open(base.toString(), "zh-CN")) {
            browser.signIn(VIEWER, VIEWER_PASSWORD);
            WebElement row = browser.find(By.id("audit-" + cancelId));
            assertTrue(row.findElements(By.cssSelector("form.decide")).isEmpty(), "a viewer has no decide form");

            // With the session's own CSRF token, as the page would send it: the role refuses it.
            assertEquals(403, post(browser, "/console/audits/" + cancelId + "/decide", "result=agree", true));
        }
        operator().get("/api/hotel/cancellations/" + cancelId).then().body("status", equalTo("PENDING_AUDIT"));
    }

    @Test
    void aDecisionWithoutTheSessionsCsrfTokenChangesNothing() {
        String cancelId = pendingAudit();
        try (Browser browser = Browser.open(base.toString(), "zh-CN")) {
            browser.signIn(AUDITOR, AUDITOR_PASSWORD);
            assertEquals(403, post(browser, "/console/audits/" + cancelId + "/decide", "result=agree", false));
            assertEquals(403, post(browser, "/console/audits/" + cancelId + "/decide", "result=agree&csrf=guessed", false));
        }
        operator().get("/api/hotel/cancellations/" + cancelId).then().body("status", equalTo("PENDING_AUDIT"));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndAWrongPasswordGetsNone() {
        try (Browser browser = Browser.open(base.toString(), "en")) {
            browser.go("/console/login");
            browser.find(By.id("username")).sendKeys(AUDITOR);
            browser.find(By.id("password")).sendKeys("not-the-password");
            browser.find(By.id("sign-in")).click();
            assertEquals("Wrong name or password.", browser.find(By.id("login-error")).getText());
            assertNull(browser.cookie("aftersale-console"));

            browser.signIn(AUDITOR, AUDITOR_PASSWORD);
            var cookie = browser.driver().manage().getCookieNamed("aftersale-console");
            assertTrue(cookie.isHttpOnly());
            assertEquals("Strict", cookie.getSameSite());
            assertEquals("/console", cookie.getPath());
        }
    }

    @Test
    void theInboxFindsACallByItsLogIdAndShowsItAsReceivedWithWhatDouyinWasTold() {
        String cancelId = uniqueId("cancel");
        SignedSpi call = SignedSpi.call().logId(uniqueId("log-inbox"));
        call.post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), cancelId, true, 21)).then().statusCode(200);
        try (Browser browser = Browser.open(base.toString(), "zh-CN")) {
            browser.signIn(VIEWER, VIEWER_PASSWORD);
            browser.go("/console/inbox");
            browser.find(By.name("log_id")).sendKeys(call.logId());
            browser.find(By.cssSelector("#inbox-search button")).click();
            browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#calls tr.call"), 1));
            WebElement row = browser.find(By.cssSelector("#calls tr.call"));
            assertTrue(row.getText().contains(cancelId) && row.getText().contains("HANDLED"), row.getText());
            browser.screenshot("console-inbox");

            row.findElement(By.tagName("a")).click();
            browser.await(ExpectedConditions.presenceOfElementLocated(By.id("body")));
            String body = browser.find(By.id("body")).getText();
            assertTrue(body.contains("\"cancel_id\" : \"" + cancelId + "\""), body);
            assertTrue(body.contains("\"refund_amount\" : 25900"), body);
            assertTrue(browser.find(By.id("headers")).getText().contains("X-Bytedance-Logid: " + call.logId()));
            assertTrue(browser.find(By.id("answer")).getText().contains("HANDLED"));
            browser.screenshot("console-inbox-call");
        }
    }

    @Test
    void aCancellationShowsItsFieldsNightsDecisionAndWhoDidWhat() {
        String cancelId = pendingAudit();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-console-page"))));
        try (Browser browser = Browser.open(base.toString(), "zh-CN")) {
            browser.signIn(AUDITOR, AUDITOR_PASSWORD);
            browser.go("/console/cancellations/" + cancelId);
            assertTrue(browser.find(By.id("fields")).getText().contains("¥258.00"), "user_refund_amount in yuan");
            assertEquals(2, browser.driver().findElements(By.cssSelector("#nights tbody tr")).size());
            assertTrue(browser.find(By.id("nights")).getText().contains("¥129.00"));
            browser.find(By.cssSelector("#audit-" + cancelId + " button.agree")).click();
            browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("decision-" + cancelId),
                    "log-console-page"));
            browser.go("/console/cancellations/" + cancelId);
            String history = browser.find(By.id("history")).getText();
            assertTrue(history.contains("AGREED " + AUDITOR), history);
            assertTrue(history.contains("AUDIT_SENT douyin"), history);
            assertTrue(browser.find(By.id("audit")).getText().contains("log-console-page"));
            browser.screenshot("console-cancellation");
        }
    }

    @Test
    void anAuditorSyncsAnOrderNowAndSeesWhatWasStored() {
        String orderId = uniqueId("order-sync");
        douyin.stubFor(DouyinAnswers.detailCall().withQueryParam("order_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(orderId))
                .willReturn(okJson(DouyinAnswers.detail(orderId, "log-console-sync"))));
        try (Browser browser = Browser.open(base.toString(), "en")) {
            browser.signIn(AUDITOR, AUDITOR_PASSWORD);
            browser.go("/console/orders?order_id=" + orderId);
            browser.find(By.cssSelector("#sync-now button")).click();
            browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("sync-message"),
                    "Synced 1 after-sale order(s) from Douyin (log id log-console-sync)."));
            String stored = browser.find(By.id("after-sales")).getText();
            assertTrue(stored.contains("as-" + orderId) && stored.contains("¥128.00"), stored);
            assertEquals(AUDITOR, browser.find(By.cssSelector("#after-sales .synced-by")).getText(), "who synced it");
            browser.screenshot("console-orders");
            browser.go("/console/queues");
            browser.screenshot("console-queues");
        }
    }

    @Test
    void anAuditorRequeuesASyncJobThatGaveUpAndTheJobSaysWho() {
        String orderId = uniqueId("order-requeue");
        douyin.stubFor(DouyinAnswers.detailCall().withQueryParam("order_id", WireMock.equalTo(orderId))
                .willReturn(okJson(DouyinAnswers.businessError(2119005, "log-console-not-authorised"))));
        long id = jobs.enqueue(orderId, null, null, "test").await().indefinitely();
        worker.runDueJobs().await().atMost(Duration.ofSeconds(30));
        operator().get("/api/after-sales/sync-jobs?order_id=" + orderId).then()
                .body("items[0].status", equalTo("GAVE_UP"));

        // the merchant authorises the app; the auditor runs the job again from the queue page
        douyin.stubFor(DouyinAnswers.detailCall().withQueryParam("order_id", WireMock.equalTo(orderId))
                .willReturn(okJson(DouyinAnswers.detail(orderId, "log-console-requeued"))));
        try (Browser browser = Browser.open(base.toString(), "en")) {
            browser.signIn(AUDITOR, AUDITOR_PASSWORD);
            browser.go("/console/queues?status=GAVE_UP");
            browser.find(By.cssSelector("#job-" + id + " form.requeue button")).click();
            browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("job-" + id), "QUEUED"));
            assertTrue(browser.find(By.id("job-" + id)).getText().contains(AUDITOR),
                    browser.find(By.id("job-" + id)).getText());
        }
        operator().get("/api/after-sales/sync-jobs?order_id=" + orderId).then()
                .body("items[0].status", equalTo("QUEUED"))
                .body("items[0].requeued_by", equalTo(AUDITOR));
    }

    /** A POST from the signed-in page's own script, with or without the CSRF token the page holds; its status. */
    private static int post(Browser browser, String path, String form, boolean withToken) {
        Object status = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const headers = {'Content-Type': 'application/x-www-form-urlencoded'};
                if (arguments[2]) {
                  headers['X-CSRF-Token'] = document.querySelector('meta[name="csrf-token"]').content;
                }
                fetch(arguments[0], {method: 'POST', headers: headers, body: arguments[1], redirect: 'manual'})
                  .then(r => done(r.status), e => done(-1));""", path, form, withToken);
        return ((Number) status).intValue();
    }
}
