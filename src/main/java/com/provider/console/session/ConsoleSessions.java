package com.provider.console.session;

import com.provider.common.config.StartupRefusal;
import com.provider.common.security.OperatorConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The console's session cookie: who signed in, when, until when, and the session's CSRF token, signed with
 * HMAC-SHA256 under {@code CONSOLE_SESSION_KEY}. Nothing is kept on the server, so any replica with the key
 * reads it; a session ends when it has not been used for the idle timeout, or at its maximum age. The
 * operator's account is looked up again on every request, so removing an account (or changing its role) takes
 * effect at the next restart of each replica, whatever its sessions say.
 */
@ApplicationScoped
public class ConsoleSessions {

    public static final String COOKIE = "aftersale-console";
    public static final String PATH = "/console";
    /** A session's cookie is written again, with a later expiry, at most this often. */
    static final long REFRESH_SECONDS = 60;

    private static final Logger LOG = Logger.getLogger(ConsoleSessions.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String VERSION = "v1";
    private static final int MIN_KEY_LENGTH = 32;

    /** A valid session: its operator, its times (epoch seconds) and its CSRF token. */
    public record Session(String operator, long issuedAt, long expiresAt, String csrfToken) {
    }

    private final SecretKeySpec key;
    private final long idleSeconds;
    private final long maxAgeSeconds;
    private final boolean secure;
    private final SecureRandom random = new SecureRandom();

    public ConsoleSessions(OperatorConfig config) {
        OperatorConfig.Console console = config.console();
        byte[] secret;
        if (console.sessionKey().isPresent() && console.sessionKey().get().length() >= MIN_KEY_LENGTH) {
            secret = console.sessionKey().get().getBytes(StandardCharsets.UTF_8);
        } else {
            if (console.sessionKey().isPresent()) {
                throw new StartupRefusal("aftersale: cannot start: CONSOLE_SESSION_KEY must be at least "
                        + MIN_KEY_LENGTH + " characters");
            }
            secret = new byte[32];
            random.nextBytes(secret);
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                LOG.warn("CONSOLE_SESSION_KEY is not set: console sessions are signed with a random key of this "
                        + "replica, so they end at its restart and are not accepted by other replicas");
            }
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.idleSeconds = seconds(console.idleTimeout());
        this.maxAgeSeconds = seconds(console.maxAge());
        this.secure = console.secureCookie();
    }

    /** Reads the key now, so a bad one stops the start rather than the first login. */
    void checkAtStart(@Observes StartupEvent start) {
        // constructing this bean did the work
    }

    public boolean secureCookie() {
        return secure;
    }

    /** A new session for {@code operator}, signed in at {@code now}, with a fresh CSRF token. */
    public Session open(String operator, long now) {
        return new Session(operator, now, expiry(now, now), newToken());
    }

    /**
     * 32 random bytes, URL-safe. The generator is this bean's, made at run time: a static one would be made while
     * the native image is built and would then hand every process the same seed (the image build refuses it).
     */
    public String newToken() {
        byte[] token = new byte[32];
        random.nextBytes(token);
        return B64.encodeToString(token);
    }

    /** The same session used at {@code now}: its expiry moved on, unless that is not yet worth a new cookie. */
    public Optional<Session> refreshed(Session session, long now) {
        long lastWritten = session.expiresAt() - idleSeconds;
        if (now - lastWritten < REFRESH_SECONDS) {
            return Optional.empty();
        }
        return Optional.of(new Session(session.operator(), session.issuedAt(), expiry(session.issuedAt(), now),
                session.csrfToken()));
    }

    /** The session in a cookie value, if the signature is ours and it has not ended by {@code now}. */
    public Optional<Session> read(String cookie, long now) {
        if (cookie == null) {
            return Optional.empty();
        }
        String[] parts = cookie.split("\\.");
        if (parts.length != 6 || !parts[0].equals(VERSION)) {
            return Optional.empty();
        }
        String signed = cookie.substring(0, cookie.lastIndexOf('.'));
        byte[] signature;
        try {
            signature = B64D.decode(parts[5]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(sign(signed), signature)) {
            return Optional.empty();
        }
        try {
            String operator = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
            long issuedAt = Long.parseLong(parts[2]);
            long expiresAt = Long.parseLong(parts[3]);
            if (now >= expiresAt || now >= issuedAt + maxAgeSeconds) {
                return Optional.empty();
            }
            return Optional.of(new Session(operator, issuedAt, expiresAt, parts[4]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The cookie value of a session. */
    public String write(Session session) {
        String signed = String.join(".", VERSION, B64.encodeToString(session.operator().getBytes(StandardCharsets.UTF_8)),
                Long.toString(session.issuedAt()), Long.toString(session.expiresAt()), session.csrfToken());
        return signed + "." + B64.encodeToString(sign(signed));
    }

    private long expiry(long issuedAt, long now) {
        return Math.min(now + idleSeconds, issuedAt + maxAgeSeconds);
    }

    private byte[] sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long seconds(Duration duration) {
        return Math.max(1, duration.toSeconds());
    }
}
