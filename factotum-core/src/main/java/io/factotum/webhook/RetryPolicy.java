package io.factotum.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently an event is retried (ruling 4: bounded exponential backoff with jitter
 * instead of Factotum's random 0 to 60 s sleep after every failure).
 *
 * <p>After failed attempt {@code n} (1-based) the wait is {@code initialBackoff * 2^(n-1)}, capped at
 * {@code maxBackoff}, then moved by up to {@code ±jitterFraction} of itself at random. There is no wait
 * after the last attempt: the event is given up and the next one is sent.
 *
 * @param maxAttempts attempts per event, at least 1 (Factotum: 3)
 * @param initialBackoff the wait after the first failed attempt
 * @param maxBackoff the longest wait before jitter
 * @param jitterFraction in [0, 1]: how far, relatively, a wait may move from its nominal value
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitterFraction) {
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
        if (!(jitterFraction >= 0 && jitterFraction <= 1)) {
            throw new IllegalArgumentException("jitterFraction must be within [0, 1]: " + jitterFraction);
        }
    }

    /** 3 attempts, waits of about 1 s then 2 s (±50 %), never more than 30 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, jitterFraction);
    }

    /**
     * The wait after failed attempt {@code failedAttempt}.
     *
     * @param unitRandom a random number in [0, 1): 0.5 gives the nominal wait
     */
    public Duration backoffAfter(int failedAttempt, double unitRandom) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("attempts are counted from 1: " + failedAttempt);
        }
        // Doubling stops at the cap, so large attempt numbers cannot overflow.
        Duration nominal = initialBackoff;
        for (int i = 1; i < failedAttempt && nominal.compareTo(maxBackoff) < 0; i++) {
            nominal = nominal.multipliedBy(2);
        }
        if (nominal.compareTo(maxBackoff) > 0) {
            nominal = maxBackoff;
        }
        double factor = 1 + jitterFraction * (2 * unitRandom - 1);
        return Duration.ofNanos(Math.round(nominal.toNanos() * factor));
    }
}
