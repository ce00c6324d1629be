package io.factotum.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5), 0.5);

    @Test
    void defaultsAreThreeAttemptsWithShortBoundedWaits() {
        RetryPolicy defaults = RetryPolicy.defaults();

        assertThat(defaults.maxAttempts()).isEqualTo(3);
        assertThat(defaults.backoffAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.backoffAfter(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.backoffAfter(2, 0.999_999)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void waitsDoubleUpToTheCap() {
        assertThat(policy.backoffAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoffAfter(4, 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffAfter(1_000, 0.5)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterMovesAWaitByAtMostTheFraction() {
        assertThat(policy.backoffAfter(2, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(2, 0.75)).isEqualTo(Duration.ofMillis(2_500));
        assertThat(policy.backoffAfter(2, 0.999_999)).isBetween(Duration.ofMillis(2_999), Duration.ofSeconds(3));
        RetryPolicy noJitter = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 0);
        assertThat(noJitter.backoffAfter(1, 0.0)).isEqualTo(noJitter.backoffAfter(1, 0.99));
    }

    @Test
    void nonsenseIsRejected() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(-1), Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.backoffAfter(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
