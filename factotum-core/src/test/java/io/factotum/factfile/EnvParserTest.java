package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec 2.1: {@code --env} must be a flat JSON object of strings. */
class EnvParserTest {

    @Test
    void flatStringMap() {
        assertThat(EnvParser.parse("{}")).isEmpty();
        assertThat(EnvParser.parse("{ \"message\": \"hello world!\", \"env\": \"prod\" }"))
                .containsExactly(Map.entry("env", "prod"), Map.entry("message", "hello world!"));
        assertThat(EnvParser.parse("{\"a\":\"1\",\"a\":\"2\"}")).isEqualTo(Map.of("a", "2"));
        assertThat(EnvParser.parse("{\"q\":\"\\\"&<\"}")).isEqualTo(Map.of("q", "\"&<"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"hello\":\"world\"",
        "{\"nested\":{\"message\":\"x\"}}",
        "{\"n\":1}",
        "{\"b\":true}",
        "{\"z\":null}",
        "{\"l\":[\"a\"]}",
        "[]",
        "\"text\"",
        "",
        "not json",
        "{} {}"})
    void anythingElseIsADecoderError(String env) {
        assertThatThrownBy(() -> EnvParser.parse(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Supplied string '" + env + "' is not valid JSON: decoder error");
    }
}
