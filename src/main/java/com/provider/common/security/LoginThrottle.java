package com.provider.common.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Failed logins per client address: after {@code maxFailures} within {@code window}, the address is refused for
 * {@code block}. Memory is bounded: at most {@code maxTrackedAddresses} addresses are remembered, the least
 * recently seen forgotten first, so a client cycling through addresses cannot grow the map (it can only make
 * the throttle forget, which is the most any per-address limit can promise against many addresses).
 * Kept per replica, in memory: a restart or another replica starts afresh.
 */
public final class LoginThrottle {

    private static final class Address {
        long windowStart;
        int failures;
        long blockedUntil;
    }

    private final int maxFailures;
    private final long windowNanos;
    private final long blockNanos;
    private final LongSupplier clock;
    private final Map<String, Address> addresses;

    public LoginThrottle(int maxFailures, Duration window, Duration block, int maxTrackedAddresses, LongSupplier clock) {
        if (maxFailures < 1 || maxTrackedAddresses < 1) {
            throw new IllegalArgumentException("maxFailures and maxTrackedAddresses must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.blockNanos = block.toNanos();
        this.clock = clock;
        this.addresses = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Address> eldest) {
                return size() > maxTrackedAddresses;
            }
        };
    }

    /** How long the address is still refused, if it is. */
    public synchronized Optional<Duration> blockedFor(String address) {
        Address entry = addresses.get(address);
        if (entry == null) {
            return Optional.empty();
        }
        long left = entry.blockedUntil - clock.getAsLong();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /** Counts a failed login; returns true when this failure starts a block. */
    public synchronized boolean failed(String address) {
        long now = clock.getAsLong();
        Address entry = addresses.computeIfAbsent(address, a -> new Address());
        if (entry.failures == 0 || now - entry.windowStart > windowNanos) {
            entry.windowStart = now;
            entry.failures = 0;
        }
        entry.failures++;
        if (entry.failures >= maxFailures) {
            entry.blockedUntil = now + blockNanos;
            entry.failures = 0;
            return true;
        }
        return false;
    }

    /** A successful login clears the address's failures. */
    public synchronized void succeeded(String address) {
        Address entry = addresses.get(address);
        if (entry != null && entry.blockedUntil - clock.getAsLong() <= 0) {
            addresses.remove(address);
        }
    }

    synchronized int trackedAddresses() {
        return addresses.size();
    }
}
