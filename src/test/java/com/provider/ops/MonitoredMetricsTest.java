package com.provider.ops;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.provider.support.DouyinAnswers;
import com.provider.support.DouyinWireMock;
import com.provider.support.InjectWireMock;
import com.provider.support.MonitoringFiles;
import com.provider.support.SignedSpi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.DouyinAnswers.detailCall;
import static com.provider.support.Management.management;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard and the alerts of {@code deploy/} read metrics the service really exposes: after a little traffic
 * of every kind, each metric named in a dashboard query or an alert rule is in a scrape of {@code /q/metrics} on
 * the management port, except the few that come from Kubernetes itself, listed here.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
class MonitoredMetricsTest {

    /** Series of the cluster, not of the service: kube-state-metrics and the kubelet's cAdvisor. */
    private static final Set<String> FROM_KUBERNETES = Set.of(
            "kube_deployment_spec_replicas",
            "kube_deployment_status_replicas_available",
            "container_memory_working_set_bytes");

    @InjectWireMock
    WireMockServer douyin;

    @Test
    void everyMetricOfTheDashboardAndTheAlertsIsExposed() {
        traffic();
        Set<String> exposed = management().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());

        Set<String> used = new TreeSet<>();
        MonitoringFiles.dashboardQueries().forEach(query -> used.addAll(MonitoringFiles.metricNames(query)));
        used.addAll(MonitoringFiles.dashboardVariableMetrics());
        MonitoringFiles.rules().forEach(rule -> used.addAll(MonitoringFiles.metricNames(rule.path("expr").asText())));
        assertTrue(used.size() > 10, "the files were read: " + used);

        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exposed);
        assertEquals(FROM_KUBERNETES, missing, "metrics used but not exposed (the rest must come from Kubernetes)");
    }

    @Test
    void theQueryParserFindsMetricNamesOnly() {
        assertEquals(Set.of("a_total", "b_bucket"), MonitoringFiles.metricNames(
                "histogram_quantile(0.99, sum by (le, spi) (rate(b_bucket{x=\"y z\", pod=~\"$pod\"}[$__rate_interval])))"
                        + " / on (spi) group_left sum without (pod) (increase(a_total[5m] offset 1h)) > 1e-9 and bool 2"));
        assertEquals(new HashSet<>(Arrays.asList("m")), MonitoringFiles.metricNames("min_over_time(m[5m]) >= 1"));
    }

    /** A callback, a refused signature, Douyin calls with a retry: every series the files use gets published. */
    private void traffic() {
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), uniqueId("cancel"), true, 21))
                .then().statusCode(200);
        SignedSpi.call().secret("wrong").post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), uniqueId("cancel"), true, 21))
                .then().statusCode(401);
        String orderId = uniqueId("order");
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(orderId)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(DouyinAnswers.serverError()).willSetStateTo("up"));
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(orderId)).inScenario("flaky")
                .whenScenarioStateIs("up").willReturn(okJson(DouyinAnswers.detail(orderId, "log-" + orderId))));
        operator().contentType("application/json").body("{\"order_id\":\"" + orderId + "\"}")
                .post("/api/after-sales/sync").then().statusCode(200);
    }
}
