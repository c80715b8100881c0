package com.provider.douyin.spi;

import com.provider.douyin.config.DouyinConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the SPI bodies held in memory at once, by count and by bytes ({@code douyin.spi.max-bodies-in-memory},
 * {@code douyin.spi.max-body-bytes-in-memory}), so that no mix of callers can fill the heap. A call takes a
 * {@link Permit} before its body is read and gives it back once it is answered; a call that finds the bound
 * taken is answered error_code 100 at once. Published as {@code aftersale_spi_bodies_in_memory} and
 * {@code aftersale_spi_body_bytes_in_memory}, from start-up (not from the first call), so that a dashboard
 * and a test read 0 rather than nothing.
 */
@Startup
@ApplicationScoped
public class SpiMemoryBound {

    private final int maxBodies;
    private final long maxBytes;
    private final AtomicInteger bodies = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    public SpiMemoryBound(DouyinConfig config, MeterRegistry registry) {
        this.maxBodies = config.spi().maxBodiesInMemory();
        this.maxBytes = config.spi().maxBodyBytesInMemory().asLongValue();
        Gauge.builder("aftersale.spi.bodies.in.memory", bodies, AtomicInteger::get)
                .description("SPI calls whose bodies are held in memory (being read or handled)").register(registry);
        Gauge.builder("aftersale.spi.body.bytes.in.memory", bytes, AtomicLong::get)
                .description("Bytes of the SPI bodies held in memory").register(registry);
    }

    /** A permit for one body of {@code initialBytes} (its declared length, or 0 when chunked), or null if over the bound. */
    public Permit tryAcquire(long initialBytes) {
        if (bodies.incrementAndGet() > maxBodies) {
            bodies.decrementAndGet();
            return null;
        }
        if (!reserve(initialBytes)) {
            bodies.decrementAndGet();
            return null;
        }
        return new Permit(initialBytes);
    }

    private boolean reserve(long n) {
        if (bytes.addAndGet(n) > maxBytes) {
            bytes.addAndGet(-n);
            return false;
        }
        return true;
    }

    /** One body's share of the bound. Released once; releasing again does nothing. */
    public final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();
        private long held;

        private Permit(long held) {
            this.held = held;
        }

        /** Takes {@code more} bytes for a body that grows as it arrives (chunked); false if over the bound. */
        public boolean grow(long more) {
            if (released.get() || !reserve(more)) {
                return false;
            }
            held += more;
            return true;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                bytes.addAndGet(-held);
                bodies.decrementAndGet();
            }
        }
    }
}
