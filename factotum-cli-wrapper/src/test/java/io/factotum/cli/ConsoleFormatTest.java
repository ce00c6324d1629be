package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleFormatTest {
    @Test
    void utcTimestampLikeChronoDisplay() {
        assertThat(ConsoleFormat.utcTimestamp(Instant.parse("2016-06-12T21:04:02.274382495Z")))
                .isEqualTo("2016-06-12 21:04:02.274382495 UTC");
        assertThat(ConsoleFormat.utcTimestamp(Instant.parse("2016-06-12T21:04:02Z")))
                .isEqualTo("2016-06-12 21:04:02 UTC");
        assertThat(ConsoleFormat.utcTimestamp(Instant.parse("2016-06-12T21:04:02.270Z")))
                .isEqualTo("2016-06-12 21:04:02.270 UTC");
        assertThat(ConsoleFormat.utcTimestamp(Instant.parse("2016-01-02T03:04:05.000123Z")))
                .isEqualTo("2016-01-02 03:04:05.000123 UTC");
        assertThat(ConsoleFormat.utcTimestamp(Instant.parse("2016-01-02T03:04:05.000000001Z")))
                .isEqualTo("2016-01-02 03:04:05.000000001 UTC");
    }

    @Test
    void secondsWithOneDecimal() {
        assertThat(ConsoleFormat.seconds(Duration.ZERO)).isEqualTo("0.0");
        assertThat(ConsoleFormat.seconds(Duration.ofMillis(125_349))).isEqualTo("125.3");
        assertThat(ConsoleFormat.seconds(Duration.ofMillis(2_460))).isEqualTo("2.5");
        assertThat(ConsoleFormat.seconds(Duration.ofMillis(49))).isEqualTo("0.0");
        assertThat(ConsoleFormat.seconds(Duration.ofMinutes(3))).isEqualTo("180.0");
    }

    @Test
    void roundsTheExactBinaryValueHalfToEvenAsRustDoes() {
        assertThat(ConsoleFormat.oneDecimal(0.25)).isEqualTo("0.2");
        assertThat(ConsoleFormat.oneDecimal(0.75)).isEqualTo("0.8");
        // 0.35 is stored as 0.34999999999999997779...
        assertThat(ConsoleFormat.oneDecimal(0.35)).isEqualTo("0.3");
        // 0.05 is stored as 0.05000000000000000277...
        assertThat(ConsoleFormat.oneDecimal(0.05)).isEqualTo("0.1");
    }

    @Test
    void summaryDurations() {
        assertThat(ConsoleFormat.summaryDuration(Duration.ZERO)).isEqualTo("0.0s");
        assertThat(ConsoleFormat.summaryDuration(Duration.ofMillis(2_500))).isEqualTo("2.5s");
        assertThat(ConsoleFormat.summaryDuration(Duration.ofMillis(59_999))).isEqualTo("60.0s");
        assertThat(ConsoleFormat.summaryDuration(Duration.ofSeconds(60))).isEqualTo("1m, 0s");
        assertThat(ConsoleFormat.summaryDuration(Duration.ofSeconds(62).plusMillis(900))).isEqualTo("1m, 2s");
        assertThat(ConsoleFormat.summaryDuration(Duration.ofSeconds(3599))).isEqualTo("59m, 59s");
        assertThat(ConsoleFormat.summaryDuration(Duration.ofSeconds(3600))).isEqualTo("1h, 0m, 0s");
        assertThat(ConsoleFormat.summaryDuration(Duration.ofSeconds(10 * 3600 + 63))).isEqualTo("10h, 1m, 3s");
        assertThat(ConsoleFormat.summaryDuration(Duration.ofHours(100))).isEqualTo("100h, 0m, 0s");
    }

    @Test
    void quotedLists() {
        assertThat(ConsoleFormat.quotedList(List.of(), s -> s)).isEmpty();
        assertThat(ConsoleFormat.quotedList(List.of("a"), s -> s)).isEqualTo("'a'");
        assertThat(ConsoleFormat.quotedList(List.of("a", "b c"), s -> "<" + s + ">")).isEqualTo("'<a>', '<b c>'");
    }
}
