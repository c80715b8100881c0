package com.provider.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.provider.support.MonitoringFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alert rules of {@code deploy/prometheus} as Prometheus reads them: {@code promtool check rules} accepts
 * them, {@code promtool test rules} shows each alert firing on its situation and silent on a healthy one, every
 * alert has a promtool test and a runbook entry in the README. promtool is Debian's {@code prometheus} package;
 * without it the promtool checks are skipped, unless {@code AFTERSALE_REQUIRE_PROMTOOL} is set (.ci/run sets it).
 */
class AlertRulesTest {

    private static final Path WORK = Path.of("target", "prometheus");

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        assumeTrue(promtoolPresent(), "promtool is not installed (apt-get install prometheus)");
        Files.createDirectories(WORK);
        // promtool reads plain rule groups: the PrometheusRule's spec
        Path groups = WORK.resolve("aftersale-rules.groups.yaml");
        new YAMLMapper().writeValue(groups.toFile(), MonitoringFiles.ruleResource().path("spec"));
        Path tests = WORK.resolve(MonitoringFiles.RULE_TESTS.getFileName());
        Files.copy(MonitoringFiles.RULE_TESTS, tests, StandardCopyOption.REPLACE_EXISTING);

        assertPromtool("check", "rules", groups.toString());
        assertPromtool("test", "rules", tests.toString());
    }

    @Test
    void everyAlertHasAUnitTestAndARunbookInTheReadme() throws IOException {
        List<String> alerts = MonitoringFiles.alertNames();
        assertFalse(alerts.isEmpty());
        JsonNode tests = new YAMLMapper().readTree(MonitoringFiles.RULE_TESTS.toFile());
        Set<String> tested = tests.path("tests").findValues("alertname").stream().map(JsonNode::asText)
                .collect(Collectors.toSet());
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (String alert : alerts) {
            assertTrue(tested.contains(alert), alert + " has a promtool test");
            assertTrue(readme.contains("#### " + alert), alert + " has a runbook entry (a '#### " + alert
                    + "' heading) in README.md");
        }
    }

    @Test
    void everyAlertSaysHowBadItIsAndWhatToDo() {
        for (JsonNode rule : MonitoringFiles.rules()) {
            String alert = rule.path("alert").asText();
            assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()),
                    alert + " has a severity");
            assertFalse(rule.path("annotations").path("summary").asText().isBlank(), alert + " has a summary");
            assertEquals("README.md, Alerts and runbooks", rule.path("annotations").path("runbook").asText(),
                    alert + " points at its runbook");
        }
    }

    private static void assertPromtool(String... arguments) throws Exception {
        ProcessBuilder command = new ProcessBuilder(promtool(arguments)).redirectErrorStream(true);
        Process process = command.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool finished");
        assertEquals(0, process.exitValue(), "promtool " + String.join(" ", arguments) + ":\n" + output);
    }

    private static List<String> promtool(String... arguments) {
        return Stream.concat(Stream.of("promtool"), Stream.of(arguments)).toList();
    }

    private static boolean promtoolPresent() {
        boolean present;
        try {
            Process version = new ProcessBuilder("promtool", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            present = version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if (!present && System.getenv("AFTERSALE_REQUIRE_PROMTOOL") != null) {
            throw new AssertionError("AFTERSALE_REQUIRE_PROMTOOL is set but promtool cannot be run");
        }
        return present;
    }
}
