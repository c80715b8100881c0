package com.provider.common.config;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The environment a production run cannot start without (CONTRACT.md). Checked before Quarkus boots, so a
 * missing variable stops start-up with one line naming it instead of a configuration stack trace.
 * A variable may also be given as a system property of the same name ({@code -DDB_USER=...}).
 */
public final class RequiredEnvironment {

    public static final List<String> VARIABLES = List.of("DB_USER", "DOUYIN_CLIENT_KEY", "DOUYIN_CLIENT_SECRET");

    private RequiredEnvironment() {
    }

    public static List<String> missing(UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
        return VARIABLES.stream()
                .filter(name -> isBlank(environment.apply(name)) && isBlank(systemProperties.apply(name)))
                .toList();
    }

    /** Only the production profile (the packaged jar's default) needs them; dev and test bring their own. */
    public static boolean appliesTo(String profile) {
        return profile == null || profile.isBlank() || profile.toLowerCase(Locale.ROOT).contains("prod");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
