package io.factotum.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** How Factotum 0.7.0 writes times, durations and task lists on the console (spec 3.7). */
public final class ConsoleFormat {
    private static final long SECONDS_ONE_HOUR = 3600;

    private ConsoleFormat() { }

    /**
     * chrono's {@code Display} of a UTC time, e.g. {@code 2016-06-12 21:04:02.274382495 UTC}: the
     * fraction is left out when zero, else written with 3, 6 or 9 digits, whichever is exact.
     */
    public static String utcTimestamp(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        StringBuilder s = new StringBuilder(40);
        int year = t.getYear();
        if (year >= 0 && year <= 9999) {
            pad(s, year, 4);
        } else {
            // chrono writes out-of-range years with a sign; never seen for clock times.
            s.append(year > 0 ? "+" : "-");
            pad(s, Math.abs(year), 4);
        }
        s.append('-');
        pad(s, t.getMonthValue(), 2);
        s.append('-');
        pad(s, t.getDayOfMonth(), 2);
        s.append(' ');
        pad(s, t.getHour(), 2);
        s.append(':');
        pad(s, t.getMinute(), 2);
        s.append(':');
        pad(s, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            s.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(s, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                pad(s, nanos / 1_000, 6);
            } else {
                pad(s, nanos, 9);
            }
        }
        return s.append(" UTC").toString();
    }

    /** Rust's {@code format!("{:.1}", secs)} of a duration in seconds, e.g. {@code 125.3}. */
    public static String seconds(Duration d) {
        double secs = d.getSeconds() + d.getNano() / 1_000_000_000.0;
        return oneDecimal(secs);
    }

    /**
     * The run summary's duration: {@code 2.5s} under a minute, {@code 1m, 2s} under an hour,
     * else {@code 10h, 1m, 3s} (whole seconds).
     */
    public static String summaryDuration(Duration d) {
        long secs = d.getSeconds();
        if (secs < 60) {
            return seconds(d) + "s";
        } else if (secs < SECONDS_ONE_HOUR) {
            return (secs / 60) % 60 + "m, " + secs % 60 + "s";
        } else {
            return secs / SECONDS_ONE_HOUR + "h, " + (secs / 60) % 60 + "m, " + secs % 60 + "s";
        }
    }

    /** {@code 'a', 'b'}: each name quoted (and styled), joined by a comma and a space. */
    public static String quotedList(List<String> names, UnaryOperator<String> style) {
        return names.stream().map(n -> "'" + style.apply(n) + "'").collect(Collectors.joining(", "));
    }

    /** Rust rounds the exact binary value half to even; {@code String.format} would round half up. */
    static String oneDecimal(double value) {
        return new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static void pad(StringBuilder s, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            s.append('0');
        }
        s.append(digits);
    }
}
