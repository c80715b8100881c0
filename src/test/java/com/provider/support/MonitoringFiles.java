package com.provider.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring files of {@code deploy/} as the tests read them: the PrometheusRule's alerts and the Grafana
 * dashboard's queries, and the metric names a PromQL query reads.
 */
public final class MonitoringFiles {

    public static final Path RULES = Path.of("deploy", "prometheus", "aftersale-rules.yaml");
    public static final Path RULE_TESTS = Path.of("deploy", "prometheus", "aftersale-rules.test.yaml");
    public static final Path DASHBOARD = Path.of("deploy", "grafana", "aftersale-dashboard.json");

    private static final Pattern STRING = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\w+");
    /** An identifier that is not a function call, not part of a number or a duration. */
    private static final Pattern NAME = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private MonitoringFiles() {
    }

    /** The PrometheusRule resource. */
    public static JsonNode ruleResource() {
        return read(new YAMLMapper(), RULES);
    }

    /** Every rule of the PrometheusRule's groups. */
    public static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        ruleResource().path("spec").path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    /** The names of the alerts. */
    public static List<String> alertNames() {
        return rules().stream().map(rule -> rule.path("alert").asText()).filter(name -> !name.isEmpty()).toList();
    }

    /** Every PromQL query of the dashboard: its panels' targets. */
    public static List<String> dashboardQueries() {
        List<String> queries = new ArrayList<>();
        collectTargets(read(new ObjectMapper(), DASHBOARD).path("panels"), queries);
        return queries;
    }

    /** The metrics the dashboard's variables list their values from ({@code label_values(metric, label)}). */
    public static Set<String> dashboardVariableMetrics() {
        Set<String> metrics = new TreeSet<>();
        read(new ObjectMapper(), DASHBOARD).path("templating").path("list").forEach(variable -> {
            Matcher metric = LABEL_VALUES.matcher(variable.path("definition").asText());
            while (metric.find()) {
                metrics.add(metric.group(1));
            }
        });
        return metrics;
    }

    /** The metric names a PromQL query reads (not its functions, labels, keywords, numbers or durations). */
    public static Set<String> metricNames(String promql) {
        String bare = STRING.matcher(promql).replaceAll("\"\"");
        bare = MATCHERS.matcher(bare).replaceAll(" ");
        bare = RANGES.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        bare = VARIABLE.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            if (!KEYWORDS.contains(name.group(1))) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    private static void collectTargets(JsonNode panels, List<String> queries) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
            collectTargets(panel.path("panels"), queries); // panels of a collapsed row
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
