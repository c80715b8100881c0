package com.provider.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The operators: named accounts, each a {@link OperatorRole viewer or auditor}, signing in to the console (form
 * login, session cookie) or calling {@code /api} (HTTP Basic). Accounts come from three places, all optional:
 * {@code ADMIN_USER}/{@code ADMIN_PASSWORD} (one auditor), {@code operator.users.<name>.*}, and the users file.
 * None at all: nobody gets in.
 */
@ConfigMapping(prefix = "operator")
public interface OperatorConfig {

    /** {@code ADMIN_USER}: one auditor account, with the plain password {@link #password()}. */
    Optional<String> user();

    /** {@code ADMIN_PASSWORD}. */
    Optional<String> password();

    /** Accounts in configuration, by name: {@code operator.users.<name>.password-hash} and {@code .role}. */
    Map<String, Account> users();

    /**
     * {@code OPERATOR_USERS_FILE}: a file of accounts (a Kubernetes Secret mounted as a file), one per line,
     * {@code name:role:bcrypt-hash}; blank lines and lines starting with {@code #} are skipped. Read at start.
     */
    Optional<String> usersFile();

    LoginThrottle loginThrottle();

    Console console();

    /** One named account. */
    interface Account {

        /** bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}) of the password. */
        String passwordHash();

        /** {@code viewer} or {@code auditor}. */
        String role();
    }

    /** Failed logins from one address slow that address down (per replica), on /api and the console alike. */
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

    /** The console's session cookie. */
    interface Console {

        /**
         * {@code CONSOLE_SESSION_KEY}: signs the session cookies, at least 32 characters; every replica needs the
         * same one. Unset: a random key per process, so sessions end at a restart and do not move between replicas.
         */
        Optional<String> sessionKey();

        /** A session unused this long ends. */
        @WithDefault("30m")
        Duration idleTimeout();

        /** A session ends this long after its login, used or not. */
        @WithDefault("12h")
        Duration maxAge();

        /** The cookie is sent over HTTPS only (off in dev mode and tests, which use plain HTTP). */
        @WithDefault("true")
        boolean secureCookie();
    }
}
