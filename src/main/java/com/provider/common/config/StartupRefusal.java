package com.provider.common.config;

/**
 * A configuration the service will not run with, found once Quarkus has read its configuration. Its message is
 * the one line {@link com.provider.AftersaleMain} prints (like the missing-variable line) before exiting with 1.
 */
public class StartupRefusal extends RuntimeException {

    public StartupRefusal(String message) {
        super(message, null, false, false);
    }

    /** The refusal in {@code failure}'s causes, or null. */
    public static StartupRefusal in(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof StartupRefusal refusal) {
                return refusal;
            }
        }
        return null;
    }
}
