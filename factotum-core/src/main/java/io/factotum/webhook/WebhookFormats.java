package io.factotum.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The text forms of times, durations and captured output used in payloads (spec 5.2, 5.3). */
final class WebhookFormats {
    private static final long SECONDS_PER_DAY = 86_400;
    private static final int NANOS_PER_MILLI = 1_000_000;
    private static final int NANOS_PER_MICRO = 1_000;

    /** chrono's {@code %Y-%m-%dT%H:%M:%S%.3fZ}: UTC, milliseconds truncated. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private WebhookFormats() { }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /**
     * A duration as the {@code time} 0.1 / chrono crates print it: {@code PT<s>S}, with 3, 6 or 9
     * fraction digits (the fewest that are exact), a {@code <d>D} part from one day on (seconds are
     * never split into hours or minutes), a {@code T} part only when not a whole number of days, and
     * a leading {@code -} when negative.
     */
    static String isoDuration(Duration duration) {
        // Java's Duration, like time 0.1's, keeps whole seconds floored and nanos in [0, 1e9).
        Duration abs = duration.isNegative() ? duration.negated() : duration;
        long days = abs.getSeconds() / SECONDS_PER_DAY;
        long secs = abs.getSeconds() - days * SECONDS_PER_DAY;
        int nanos = abs.getNano();
        StringBuilder out = new StringBuilder(24);
        if (duration.isNegative()) {
            out.append('-');
        }
        out.append('P');
        if (days != 0) {
            out.append(days).append('D');
        }
        if (secs != 0 || nanos != 0 || days == 0) {
            out.append('T').append(secs);
            if (nanos == 0) {
                out.append('S');
            } else if (nanos % NANOS_PER_MILLI == 0) {
                out.append('.').append(pad(nanos / NANOS_PER_MILLI, 3)).append('S');
            } else if (nanos % NANOS_PER_MICRO == 0) {
                out.append('.').append(pad(nanos / NANOS_PER_MICRO, 6)).append('S');
            } else {
                out.append('.').append(pad(nanos, 9)).append('S');
            }
        }
        return out.toString();
    }

    /**
     * Factotum's {@code tail_n_chars}: the last {@code n} characters (Unicode code points) of
     * {@code s}, all of {@code s} if it is shorter, and {@code ""} when {@code n < 1}.
     */
    static String tailChars(String s, int n) {
        if (n < 1) {
            return "";
        }
        int length = s.codePointCount(0, s.length());
        if (length <= n) {
            return s;
        }
        return s.substring(s.offsetByCodePoints(0, length - n));
    }

    private static String pad(int value, int width) {
        String digits = Integer.toString(value);
        return "0".repeat(width - digits.length()) + digits;
    }
}
