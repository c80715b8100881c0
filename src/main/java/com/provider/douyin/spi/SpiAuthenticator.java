package com.provider.douyin.spi;

import com.provider.douyin.config.DouyinConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an SPI call really comes from Douyin for one of the provider's apps
 * (PROTOCOL.md section 3). The app is looked up by the URL's {@code client_key}; every secret the app
 * has (two during a rotation) is tried; digests are compared in constant time.
 */
@ApplicationScoped
public class SpiAuthenticator {

    private final Map<String, List<String>> secretsByClientKey;
    private final boolean legacySignEnabled;
    private final Optional<Duration> timestampTolerance;
    private final Clock clock;

    @Inject
    public SpiAuthenticator(DouyinConfig config) {
        this(config, Clock.systemUTC());
    }

    SpiAuthenticator(DouyinConfig config, Clock clock) {
        Map<String, List<String>> secrets = new HashMap<>();
        List<String> primary = new ArrayList<>();
        primary.add(config.clientSecret());
        config.previousClientSecrets().ifPresent(primary::addAll);
        secrets.put(config.clientKey(), List.copyOf(primary));
        config.apps().values().forEach(app ->
                secrets.merge(app.clientKey(), List.copyOf(app.clientSecrets()), (a, b) -> {
                    List<String> all = new ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                }));
        this.secretsByClientKey = Map.copyOf(secrets);
        this.legacySignEnabled = config.spi().legacySignEnabled();
        this.timestampTolerance = config.spi().timestampTolerance();
        this.clock = clock;
    }

    /**
     * What can be told from the call's head alone, before its body is read: why it cannot be authentic (no
     * client_key, one that names no app of this service, no signature), or null when only the signature over
     * the body can tell.
     */
    public String refusalBeforeBody(SpiCall call) {
        String clientKey = call.clientKey();
        if (clientKey == null || clientKey.isBlank()) {
            return "client_key is missing from the URL query";
        }
        if (!secretsByClientKey.containsKey(clientKey)) {
            return "unknown client_key";
        }
        if (isBlank(call.signHeader()) && !(legacySignEnabled && !isBlank(call.query().get("sign")))) {
            return legacySignEnabled
                    ? "neither the x-life-sign header nor the sign parameter is present"
                    : "the x-life-sign header is missing";
        }
        return null;
    }

    /** Returns normally when the call is authentic; throws a 401 rejection saying why otherwise. */
    public void authenticate(SpiCall call) {
        String refusal = refusalBeforeBody(call);
        if (refusal != null) {
            throw SpiRejection.badSignature(refusal);
        }
        List<String> secrets = secretsByClientKey.get(call.clientKey());
        String presented = call.signHeader();
        SpiSignature.Algorithm algorithm = SpiSignature.Algorithm.SHA256;
        if (isBlank(presented)) {
            presented = call.query().get("sign");
            algorithm = SpiSignature.Algorithm.MD5;
        }
        if (!matchesAny(algorithm, secrets, call, presented)) {
            throw SpiRejection.badSignature(algorithm == SpiSignature.Algorithm.SHA256
                    ? "x-life-sign does not match" : "sign does not match");
        }
        timestampTolerance.ifPresent(tolerance -> checkFreshness(call, tolerance));
    }

    private static boolean matchesAny(SpiSignature.Algorithm algorithm, List<String> secrets, SpiCall call, String presented) {
        boolean matched = false;
        // Every secret is tried, so the time taken does not tell which one matched.
        for (String secret : secrets) {
            matched |= SpiSignature.matches(SpiSignature.digest(algorithm, secret, call.query(), call.body()), presented);
        }
        return matched;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private void checkFreshness(SpiCall call, Duration tolerance) {
        String timestamp = call.query().get("timestamp");
        long millis;
        try {
            millis = Long.parseLong(timestamp);
        } catch (NumberFormatException | NullPointerException e) {
            throw SpiRejection.badSignature("timestamp is missing or not a number");
        }
        if (Math.abs(clock.millis() - millis) > tolerance.toMillis()) {
            throw SpiRejection.badSignature("timestamp is outside the accepted window");
        }
    }
}
