package com.provider;

import com.provider.common.config.RequiredEnvironment;
import com.provider.common.config.StartupRefusal;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Entry point: refuses to start a production run that lacks a required variable, in one line, then boots Quarkus;
 * a {@link StartupRefusal} met while booting (a configuration the service will not run with) ends it the same way.
 */
@QuarkusMain
public class AftersaleMain {

    /** The class loader of Quarkus's dev and test tooling, which bring their own database and credentials. */
    private static final String TOOLING_CLASS_LOADER = "io.quarkus.bootstrap.classloading.QuarkusClassLoader";

    public static void main(String... args) {
        String profile = System.getProperty("quarkus.profile", System.getenv("QUARKUS_PROFILE"));
        boolean tooling = AftersaleMain.class.getClassLoader().getClass().getName().equals(TOOLING_CLASS_LOADER);
        if (tooling) {
            Quarkus.run(args);
            return;
        }
        if (RequiredEnvironment.appliesTo(profile)) {
            List<String> missing = RequiredEnvironment.missing(System::getenv, System::getProperty);
            if (!missing.isEmpty()) {
                System.err.println("aftersale: cannot start: missing required environment variable(s): "
                        + String.join(", ", missing));
                System.exit(1);
            }
        }
        Quarkus.run(null, AftersaleMain::exit, args);
    }

    /**
     * What Quarkus's default exit handler does, except that a {@link StartupRefusal} is one line on stderr. With
     * an exit handler of its own, Quarkus leaves the reporting of a failed start to it.
     */
    private static void exit(int code, Throwable failure) {
        StartupRefusal refusal = StartupRefusal.in(failure);
        if (refusal != null) {
            System.err.println(refusal.getMessage());
        } else if (failure != null) {
            Logger.getLogger(AftersaleMain.class).error("Failed to start application", failure);
        }
        System.exit(code);
    }
}
