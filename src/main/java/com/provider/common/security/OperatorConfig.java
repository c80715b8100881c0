package com.provider.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** HTTP Basic credentials of the operator API ({@code ADMIN_USER}, {@code ADMIN_PASSWORD}). Unset: /api refuses everyone. */
@ConfigMapping(prefix = "operator")
public interface OperatorConfig {

    Optional<String> user();

    Optional<String> password();

    LoginThrottle loginThrottle();

    /** Failed logins from one address slow that address down (per replica). */
    interface LoginThrottle {

        /** Failed logins within {@link #window()} after which the address is refused. */
        @WithDefault("5")
        int maxFailures();

        @WithDefault("1m")
        Duration window();

        /** How long the address is then refused (429), even with the right password. */
        @WithDefault("5m")
        Duration block();

        /** Addresses remembered at most; the least recently seen is forgotten first. */
        @WithDefault("10000")
        int maxTrackedAddresses();
    }
}
