package com.provider.common.security;

import com.provider.common.logging.RateLimitedLog;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * Failed operator logins per client address, counted together for HTTP Basic on {@code /api} and the console's
 * login form: an address blocked on one is blocked on both ({@link LoginThrottle}, per replica).
 */
@ApplicationScoped
public class LoginAttempts {

    private static final Logger LOG = Logger.getLogger(LoginAttempts.class);

    private final LoginThrottle throttle;
    private final RateLimitedLog blocks = new RateLimitedLog(LOG, "login throttle", 1);

    public LoginAttempts(OperatorConfig config) {
        OperatorConfig.LoginThrottle limits = config.loginThrottle();
        this.throttle = new LoginThrottle(limits.maxFailures(), limits.window(), limits.block(),
                limits.maxTrackedAddresses(), System::nanoTime);
    }

    /** The address a login is counted against: the connection's, or the forwarded one behind a trusted proxy. */
    public static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** Whole seconds (at least 1) the address is still refused, if it is. */
    public Optional<Long> blockedSeconds(String address) {
        return throttle.blockedFor(address).map(LoginAttempts::seconds);
    }

    /** Counts a failed login through {@code where} ("operator API", "console"). */
    public void failed(String address, String where) {
        if (throttle.failed(address)) {
            blocks.warnf("%s: %s refused for a while after repeated failed logins", where, address);
        }
    }

    public void succeeded(String address) {
        throttle.succeeded(address);
    }

    private static long seconds(Duration left) {
        return Math.max(1, (left.toMillis() + 999) / 1000);
    }
}
