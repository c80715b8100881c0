package com.provider.console.session;

import com.provider.common.security.OperatorConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Session cookies: only ours are read, they end when idle or too old, and they move on while in use. */
class ConsoleSessionsTest {

    private static final String KEY = "a-session-key-of-at-least-32-characters";
    private final ConsoleSessions sessions = sessions(KEY);

    @Test
    void aCookieIsReadBackOnlyAsSigned() {
        ConsoleSessions.Session session = sessions.open("audrey", 1_000);
        String cookie = sessions.write(session);
        assertEquals(Optional.of(session), sessions.read(cookie, 1_001));

        String[] parts = cookie.split("\\.");
        parts[1] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("operator".getBytes());
        assertEquals(Optional.empty(), sessions.read(String.join(".", parts), 1_001), "another name, same signature");
        assertEquals(Optional.empty(), sessions(KEY.replace('a', 'b')).read(cookie, 1_001), "another key");
        assertEquals(Optional.empty(), sessions.read("v1.x.y", 1_001));
        assertEquals(Optional.empty(), sessions.read(cookie + "x", 1_001));
        assertNotEquals(session.csrfToken(), sessions.open("audrey", 1_000).csrfToken(), "a token per session");
    }

    @Test
    void aSessionEndsWhenIdleAndAtItsMaximumAgeAndMovesOnWhileUsed() {
        ConsoleSessions.Session session = sessions.open("audrey", 0);
        String cookie = sessions.write(session);
        assertTrue(sessions.read(cookie, 30 * 60 - 1).isPresent());
        assertEquals(Optional.empty(), sessions.read(cookie, 30 * 60), "30 minutes idle");

        assertEquals(Optional.empty(), sessions.refreshed(session, 59), "not yet worth a new cookie");
        ConsoleSessions.Session later = sessions.refreshed(session, 20 * 60).orElseThrow();
        assertEquals(50 * 60, later.expiresAt());
        assertEquals(session.csrfToken(), later.csrfToken());

        ConsoleSessions.Session used = session;
        for (long now = 20 * 60; now < 12 * 3600; now += 20 * 60) {
            used = sessions.refreshed(used, now).orElse(used);
        }
        assertEquals(12 * 3600, used.expiresAt(), "never past 12 hours after sign-in");
        assertEquals(Optional.empty(), sessions.read(sessions.write(used), 12 * 3600));
    }

    private static ConsoleSessions sessions(String key) {
        return new ConsoleSessions(new OperatorConfig() {
            public Optional<String> user() { return Optional.empty(); }
            public Optional<String> password() { return Optional.empty(); }
            public Map<String, Account> users() { return Map.of(); }
            public Optional<String> usersFile() { return Optional.empty(); }
            public LoginThrottle loginThrottle() { return null; }
            public Console console() {
                return new Console() {
                    public Optional<String> sessionKey() { return Optional.of(key); }
                    public Duration idleTimeout() { return Duration.ofMinutes(30); }
                    public Duration maxAge() { return Duration.ofHours(12); }
                    public boolean secureCookie() { return true; }
                };
            }
        });
    }
}
