package com.provider.support;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator sees of given-up work: the metric on /q/metrics and the log line. */
public final class QueueChecks {

    private QueueChecks() {
    }

    /** {@code aftersale_queue_gave_up_total{queue,reason}}, which exists (at 0) from the start. */
    public static double gaveUpMetric(String queue, String reason) {
        // Published at 0 from the start, so value() fails if it is missing.
        return Metrics.scrape().value("aftersale_queue_gave_up_total{queue=\"" + queue + "\",reason=\"" + reason + "\"}");
    }

    /** A line of {@code level} (plain or JSON) holding every one of {@code parts} is in {@code log}. */
    public static void assertLogged(Path log, String level, String... parts) throws IOException {
        boolean found = Files.readAllLines(log).stream().anyMatch(line -> (line.contains(" " + level + " ")
                || line.contains("\"level\":\"" + level + "\"")) && Arrays.stream(parts).allMatch(line::contains));
        assertTrue(found, "a " + level + " line with " + String.join(" and ", parts) + " in " + log);
    }
}
