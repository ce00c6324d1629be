package io.factotum.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import io.factotum.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Numbers in request bodies that crashed or stalled the decoder (found by
 * {@link RequestBodiesFuzzTest} and by review of its findings; see docs/reliability.md, item 11).
 */
class SerdeJsonNumberTest {
    private static final int DEPTH = ServerConfig.DEFAULT_MAX_JSON_DEPTH;

    @Test
    void exponentBeyondIntRangeIsANumberNotACrash() throws Exception {
        // BigDecimal refused these exponents with NumberFormatException: a 500 instead of a 400.
        assertThat(number("1e99999999999")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(number("-1e2147483648")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(number("1e-99999999999")).isEqualTo(0.0);
        assertThat(number("0e99999999999")).isEqualTo(0.0);
        assertThat(number("1.5E+2147483648")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void hugeExponentInASubmitBodyIsAClear400() {
        byte[] body = "{\"jobName\":1e99999999999,\"factfilePath\":\"f\",\"factfileArgs\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new RequestBodies(DEPTH).decode(
                new HttpRequest(Map.of(), Map.of(), Optional.of("application/json"), body), "JobRequest", SubmitHandler.FIELDS))
                .isInstanceOfSatisfying(RequestBodies.Refused.class, refused -> {
                    assertThat(refused.response.status()).isEqualTo(400);
                    // Rust prints an infinite f64 as "inf".
                    assertThat(refused.response.json().getAsJsonObject().get("message").getAsString()).isEqualTo(
                            "Error decoding JSON string: invalid type: floating point `inf`, expected a string");
                });
    }

    @Test
    void longNumbersAreRead() throws Exception {
        // A 1 MiB body (the default limit) of digits took minutes in BigInteger/BigDecimal; its speed is
        // for benchmarks, not tests (issue 9): here, the value.
        String digits = "7".repeat((int) ServerConfig.DEFAULT_MAX_BODY_BYTES - 8);
        assertThat(number(digits)).isEqualTo(Double.parseDouble(digits));
        assertThat(number("-" + digits + ".5e-3")).isEqualTo(Double.parseDouble("-" + digits + ".5e-3"));
    }

    @Test
    void integersKeepTheirExactValue() throws Exception {
        assertThat(SerdeJsonReader.parse("18446744073709551615", DEPTH).getAsBigInteger())
                .hasToString("18446744073709551615");
        assertThat(SerdeJsonReader.parse("-9223372036854775808", DEPTH).getAsLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(number("18446744073709551616")).isEqualTo(1.8446744073709552E19);
        assertThat(number("-9223372036854775809")).isEqualTo(-9.223372036854775808E18);
        assertThat(number("0.1")).isEqualTo(0.1);
    }

    private static double number(String text) throws SerdeJsonReader.BodyException {
        JsonElement value = SerdeJsonReader.parse(text, DEPTH);
        assertThat(value.getAsJsonPrimitive().getAsNumber()).isInstanceOf(Double.class);
        return value.getAsDouble();
    }
}
