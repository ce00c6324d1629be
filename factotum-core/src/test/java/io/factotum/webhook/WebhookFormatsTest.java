package io.factotum.webhook;

import io.factotum.json.RustcJsonWriter;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookFormatsTest {
    @ParameterizedTest(name = "{0} s + {1} ns -> {2}")
    @CsvSource({
        "0, 0, PT0S",
        "1, 0, PT1S",
        "0, 2345678, PT0.002345678S",
        "0, 51234, PT0.000051234S",
        "0, 1000000, PT0.001S",
        "12, 500000000, PT12.500S",
        "0, 51000, PT0.000051S",
        "3, 123456000, PT3.123456S",
        "3661, 0, PT3661S",
        "86399, 999999999, PT86399.999999999S",
        "86400, 0, P1D",
        "86405, 0, P1DT5S",
        "180000, 1000000, P2DT7200.001S",
    })
    void durationsAreWrittenAsChronoDoes(long seconds, long nanos, String expected) {
        assertThat(WebhookFormats.isoDuration(Duration.ofSeconds(seconds, nanos))).isEqualTo(expected);
    }

    @Test
    void negativeDurationsArePrefixedWithAMinus() {
        assertThat(WebhookFormats.isoDuration(Duration.ofMillis(-1500))).isEqualTo("-PT1.500S");
        assertThat(WebhookFormats.isoDuration(Duration.ofSeconds(-1))).isEqualTo("-PT1S");
        assertThat(WebhookFormats.isoDuration(Duration.ofNanos(-1))).isEqualTo("-PT0.000000001S");
        assertThat(WebhookFormats.isoDuration(Duration.ofDays(-1).minusSeconds(2))).isEqualTo("-P1DT2S");
    }

    @Test
    void timestampsHaveTruncatedMillisAndAZ() {
        assertThat(WebhookFormats.timestamp(Instant.parse("2014-07-08T09:10:11.012999Z")))
                .isEqualTo("2014-07-08T09:10:11.012Z");
        assertThat(WebhookFormats.timestamp(Instant.parse("2014-07-08T09:10:11Z")))
                .isEqualTo("2014-07-08T09:10:11.000Z");
    }

    @Test
    void timestampEqualsChronoPatternForNow() {
        Instant now = Instant.now();
        // %FT%T%.3fZ
        String expected = DateTimeFormatter.ISO_LOCAL_DATE.format(now.atOffset(ZoneOffset.UTC)) + "T"
                + DateTimeFormatter.ofPattern("HH:mm:ss.SSS").format(now.atOffset(ZoneOffset.UTC)) + "Z";
        assertThat(WebhookFormats.timestamp(now)).isEqualTo(expected).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void tailKeepsTheLastNCharacters() {
        String big = "X".repeat(20_000) + "tail";
        assertThat(WebhookFormats.tailChars(big, 10_000)).isEqualTo("X".repeat(9_996) + "tail");
        assertThat(WebhookFormats.tailChars("lorem ipsum egg", 3)).isEqualTo("egg");
        String exact = "Y".repeat(10_000);
        assertThat(WebhookFormats.tailChars(exact, 10_000)).isSameAs(exact);
        assertThat(WebhookFormats.tailChars("short", 10_000)).isEqualTo("short");
        assertThat(WebhookFormats.tailChars("anything", 0)).isEmpty();
        assertThat(WebhookFormats.tailChars("anything", -1)).isEmpty();
        assertThat(WebhookFormats.tailChars("", 5)).isEmpty();
    }

    @Test
    void tailCountsCodePointsNotUtf16Units() {
        String smiles = "a\uD83D\uDE00b\uD83D\uDE01";
        assertThat(WebhookFormats.tailChars(smiles, 2)).isEqualTo("b\uD83D\uDE01");
        assertThat(WebhookFormats.tailChars(smiles, 3)).isEqualTo("\uD83D\uDE00b\uD83D\uDE01");
        assertThat(WebhookFormats.tailChars("héllo", 4)).isEqualTo("éllo");
    }

    @Test
    void jsonStringsAreEscapedAsRustcSerializeDoes() {
        assertThat(RustcJsonWriter.quote("a\"b\\c/d")).isEqualTo("\"a\\\"b\\\\c/d\"");
        assertThat(RustcJsonWriter.quote("\b\t\n\f\r")).isEqualTo("\"\\b\\t\\n\\f\\r\"");
        assertThat(RustcJsonWriter.quote("\u0000\u0001\u000b\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u000b\\u001f\\u007f\"");
        assertThat(RustcJsonWriter.quote("é€\uD83D\uDE00\u0080\u2028")).isEqualTo("\"é€\uD83D\uDE00\u0080\u2028\"");
    }
}
