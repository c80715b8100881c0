package com.provider.support;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.provider.support.Management.management;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One scrape of the service's {@code /q/metrics}, read as Prometheus reads it. */
public final class Metrics {

    private final String scrape;

    private Metrics(String scrape) {
        this.scrape = scrape;
    }

    public static Metrics scrape() {
        return new Metrics(management().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** The value of one series, written as exposed: {@code name} or {@code name{label="value",...}}. */
    public OptionalDouble find(String series) {
        Matcher value = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return value.find() ? OptionalDouble.of(Double.parseDouble(value.group(1))) : OptionalDouble.empty();
    }

    /** The value of a series that must be published. */
    public double value(String series) {
        OptionalDouble value = find(series);
        assertTrue(value.isPresent(), series + " is published");
        return value.getAsDouble();
    }

    /** The value of a series, 0 while it does not exist yet (a counter before its first event). */
    public double valueOrZero(String series) {
        return find(series).orElse(0);
    }

    /** The sum over every series of the metric {@code name}, whatever its labels; 0 when there is none. */
    public double sum(String name) {
        Matcher value = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        double total = 0;
        while (value.find()) {
            total += Double.parseDouble(value.group(2));
        }
        return total;
    }
}
