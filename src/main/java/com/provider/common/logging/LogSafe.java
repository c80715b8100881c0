package com.provider.common.logging;

/**
 * Makes a value that came from outside fit for a log line: control characters (a line break could forge a
 * line of its own in a plain log) and Unicode line separators become {@code ?}, and a long value is cut, with
 * how much was left out. A short, clean value is returned as it is, without a copy.
 */
public final class LogSafe {

    private LogSafe() {
    }

    public static String text(String value, int max) {
        if (value == null) {
            return null;
        }
        int length = value.length();
        int shown = Math.min(length, max);
        boolean clean = true;
        for (int i = 0; i < shown && clean; i++) {
            clean = !unsafe(value.charAt(i));
        }
        if (clean && length <= max) {
            return value;
        }
        StringBuilder safe = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            safe.append(unsafe(c) ? '?' : c);
        }
        if (length > max) {
            safe.append("…(+").append(length - max).append(')');
        }
        return safe.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
