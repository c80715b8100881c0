package com.provider;

import com.provider.common.config.RequiredEnvironment;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.List;

/** Entry point: refuses to start a production run that lacks a required variable, in one line, then boots Quarkus. */
@QuarkusMain
public class AftersaleMain {

    /** The class loader of Quarkus's dev and test tooling, which bring their own database and credentials. */
    private static final String TOOLING_CLASS_LOADER = "io.quarkus.bootstrap.classloading.QuarkusClassLoader";

    public static void main(String... args) {
        String profile = System.getProperty("quarkus.profile", System.getenv("QUARKUS_PROFILE"));
        boolean tooling = AftersaleMain.class.getClassLoader().getClass().getName().equals(TOOLING_CLASS_LOADER);
        if (!tooling && RequiredEnvironment.appliesTo(profile)) {
            List<String> missing = RequiredEnvironment.missing(System::getenv, System::getProperty);
            if (!missing.isEmpty()) {
                System.err.println("aftersale: cannot start: missing required environment variable(s): "
                        + String.join(", ", missing));
                System.exit(1);
            }
        }
        Quarkus.run(args);
    }
}
