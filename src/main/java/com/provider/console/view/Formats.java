package com.provider.console.view;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How the console shows money and times: yuan from fen exactly (integer division and remainder, never a
 * floating-point number), and times in Asia/Shanghai, the zone the platform and the hotels work in. In templates:
 * {@code {fmt:yuan(c.refundAmount)}}, {@code {fmt:time(c.receivedAt)}}, {@code {fmt:unix(n.applyTime)}}; null shows nothing.
 */
@TemplateExtension(namespace = "fmt")
public final class Formats {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Formats() {
    }

    /** {@code 25900} fen is {@code ¥259.00}; {@code -5} is {@code -¥0.05}; null is empty. */
    public static String yuan(Long fen) {
        if (fen == null) {
            return "";
        }
        long whole = fen / 100;
        long cents = fen % 100;
        String sign = fen < 0 ? "-" : "";
        // Negative: both parts are negative or zero (Java truncates toward zero), so negating them cannot overflow.
        return sign + "¥" + Math.abs(whole) + "." + (Math.abs(cents) < 10 ? "0" : "") + Math.abs(cents);
    }

    /** A time in Asia/Shanghai, {@code 2026-11-30 14:05:09}; null is empty. */
    public static String time(OffsetDateTime time) {
        return time == null ? "" : TIME.format(time.atZoneSameInstant(SHANGHAI));
    }

    /** Milliseconds since the epoch (scenic notices' times) in Asia/Shanghai; null is empty. */
    public static String millis(Long millis) {
        return millis == null ? "" : TIME.format(Instant.ofEpochMilli(millis).atZone(SHANGHAI));
    }

    /** Unix seconds (cancel-order times) in Asia/Shanghai; null is empty. */
    public static String unix(Long seconds) {
        return seconds == null ? "" : TIME.format(Instant.ofEpochSecond(seconds).atZone(SHANGHAI));
    }
}
