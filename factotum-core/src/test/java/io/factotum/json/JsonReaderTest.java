package io.factotum.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rustc-serialize compatible reader: reasons and positions as rustc-serialize 0.3 reports them
 * (positions derived by tracing its parser: the column restarts at 1 on the newline character
 * itself, and end of input counts as one column past the last character).
 */
class JsonReaderTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                // the fixture's first line: "fasdf..." - 'f' starts "false", 'a' matches, 's' does not
                Arguments.of("fasdfasdfasfdalskdfasdmasdfa\nthis is not valid json", "invalid syntax at line 1, column 3"),
                Arguments.of("", "EOF While parsing value at line 1, column 1"),
                Arguments.of("   ", "EOF While parsing value at line 1, column 4"),
                Arguments.of("\n", "EOF While parsing value at line 2, column 2"),
                Arguments.of("\n\n  x", "invalid syntax at line 3, column 4"),
                Arguments.of("{", "EOF While parsing object at line 1, column 2"),
                Arguments.of("{\"a\"", "EOF While parsing object at line 1, column 5"),
                Arguments.of("{\"a\":", "EOF While parsing value at line 1, column 6"),
                Arguments.of("{\"a\":1", "EOF While parsing object at line 1, column 7"),
                Arguments.of("{\"a\":1 x", "invalid syntax at line 1, column 8"),
                Arguments.of("[", "EOF While parsing value at line 1, column 2"),
                Arguments.of("[1", "EOF While parsing array at line 1, column 3"),
                Arguments.of("[1,", "EOF While parsing value at line 1, column 4"),
                Arguments.of("[1 2]", "invalid syntax at line 1, column 4"),
                Arguments.of("[1,]", "invalid syntax at line 1, column 4"),
                Arguments.of("]", "invalid syntax at line 1, column 1"),
                Arguments.of("{\"a\":1,}", "trailing comma at line 1, column 8"),
                // rustc-serialize pops the enclosing key on a nested trailing comma, then trips later
                Arguments.of("{\"x\":{\"a\":1,}}", "trailing characters at line 1, column 14"),
                Arguments.of("[{\"a\":1,}]", "trailing characters at line 1, column 10"),
                Arguments.of("{1:2}", "key must be a string at line 1, column 2"),
                Arguments.of("{\"a\" 1}", "expected `:` at line 1, column 6"),
                Arguments.of("1 2", "trailing characters at line 1, column 3"),
                Arguments.of("{}\n{}", "trailing characters at line 2, column 2"),
                Arguments.of("\"abc", "EOF While parsing string at line 1, column 5"),
                Arguments.of("\"\\x\"", "invalid escape at line 1, column 3"),
                Arguments.of("\"\\u12G4\"", "invalid escape at line 1, column 6"),
                Arguments.of("\"\\u12", "invalid escape at line 1, column 6"),
                Arguments.of("\"\\uDC00\"", "lone leading surrogate in hex escape at line 1, column 7"),
                Arguments.of("\"\\uD800\"", "unexpected end of hex escape at line 1, column 9"),
                Arguments.of("\"\\uD800\\u0041\"", "lone leading surrogate in hex escape at line 1, column 13"),
                Arguments.of("\"a\u0001\"", "unescaped control character in string at line 1, column 3"),
                Arguments.of("\"a\u007f\"", "unescaped control character in string at line 1, column 3"),
                Arguments.of("\"a\u0085\"", "unescaped control character in string at line 1, column 3"),
                Arguments.of("\"a\nb\"", "unescaped control character in string at line 2, column 1"),
                Arguments.of("-", "invalid number at line 1, column 2"),
                Arguments.of("-x", "invalid number at line 1, column 2"),
                Arguments.of("01", "invalid number at line 1, column 2"),
                Arguments.of("1.", "invalid number at line 1, column 3"),
                Arguments.of("1.e3", "invalid number at line 1, column 3"),
                Arguments.of("1e", "invalid number at line 1, column 3"),
                Arguments.of("1e+", "invalid number at line 1, column 4"),
                Arguments.of("18446744073709551616", "invalid number at line 1, column 20"),
                Arguments.of("-9223372036854775809", "invalid number at line 1, column 21"),
                Arguments.of("+1", "invalid syntax at line 1, column 1"),
                Arguments.of(".5", "invalid syntax at line 1, column 1"),
                Arguments.of("tru", "invalid syntax at line 1, column 4"),
                Arguments.of("nul", "invalid syntax at line 1, column 4"),
                Arguments.of("True", "invalid syntax at line 1, column 1"),
                Arguments.of("'a'", "invalid syntax at line 1, column 1"),
                Arguments.of("\uFEFF{}", "invalid syntax at line 1, column 1"),
                Arguments.of("// comment\n{}", "invalid syntax at line 1, column 1"),
                // a character outside the BMP counts as one column, as Rust chars do
                Arguments.of("[\"\uD83D\uDE00\" x]", "invalid syntax at line 1, column 6"),
                Arguments.of("{\n  \"a\": [1,\n  2,]\n}", "invalid syntax at line 3, column 6"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("malformed")
    void reportsRustcSerializeReasonAndPosition(String input, String message) {
        assertThatThrownBy(() -> RustcJsonReader.parse(input))
                .isInstanceOf(JsonParseException.class)
                .hasMessage(message);
    }

    @Test
    void exposesCodeLineAndColumn() {
        assertThatThrownBy(() -> RustcJsonReader.parse("{\n\"a\" 1}"))
                .isInstanceOfSatisfying(JsonParseException.class, e -> {
                    assertThat(e.code()).isEqualTo(JsonErrorCode.EXPECTED_COLON);
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(6);
                });
    }

    @Test
    void parsesValuesAndDistinguishesIntegersFromFloats() throws Exception {
        JsonObject o = RustcJsonReader.parse(
                " {\"i\": 42, \"n\": -7, \"big\": 18446744073709551615, \"f\": 1.0, \"e\": 1e2, \"s\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\","
                        + " \"t\": true, \"F\": false, \"z\": null, \"a\": [], \"o\": {}}\r\n\t")
                .getAsJsonObject();
        assertThat(o.get("i").getAsNumber()).isEqualTo(42L);
        assertThat(o.get("n").getAsNumber()).isEqualTo(-7L);
        assertThat(o.get("big").getAsNumber()).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(o.get("f").getAsNumber()).isEqualTo(1.0d);
        assertThat(o.get("e").getAsNumber()).isEqualTo(100.0d);
        assertThat(o.get("s").getAsString()).isEqualTo("x\"\\/\b\f\n\r\t\u00e9\uD83D\uDE00");
        assertThat(o.get("t").getAsBoolean()).isTrue();
        assertThat(o.get("F").getAsBoolean()).isFalse();
        assertThat(o.get("z").isJsonNull()).isTrue();
        assertThat(o.get("a").getAsJsonArray()).isEmpty();
        assertThat(o.get("o").getAsJsonObject().size()).isZero();
    }

    @Test
    void scalarsAreValidDocuments() throws Exception {
        assertThat(RustcJsonReader.parse("7").getAsLong()).isEqualTo(7);
        assertThat(RustcJsonReader.parse("-9223372036854775808").getAsLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(RustcJsonReader.parse("\"\"").getAsString()).isEmpty();
        assertThat(RustcJsonReader.parse("null").isJsonNull()).isTrue();
    }

    @Test
    void lastDuplicateKeyWins() throws Exception {
        JsonElement e = RustcJsonReader.parse("{\"a\":1,\"b\":2,\"a\":3}");
        assertThat(e.getAsJsonObject().get("a").getAsLong()).isEqualTo(3);
        assertThat(e.getAsJsonObject().size()).isEqualTo(2);
    }

    @Test
    void unterminatedDeepNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000);
        assertThatThrownBy(() -> RustcJsonReader.parse(deep))
                .isInstanceOfSatisfying(JsonParseException.class,
                        e -> assertThat(e.code()).isEqualTo(JsonErrorCode.NESTING_TOO_DEEP));
    }

    @Test
    void balancedDeepNestingBeyondTheLimitIsRejectedClearly() {
        String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        assertThatThrownBy(() -> RustcJsonReader.parse(deep))
                .isInstanceOf(JsonParseException.class)
                .hasMessage("nesting too deep at line 1, column " + (RustcJsonReader.MAX_DEPTH * 5 + 2));
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws Exception {
        int depth = RustcJsonReader.MAX_DEPTH;
        JsonElement e = RustcJsonReader.parse("[".repeat(depth) + "]".repeat(depth));
        assertThat(e.isJsonArray()).isTrue();
    }

    @Test
    void largeDocumentParses() throws Exception {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 200_000; i++) {
            b.append(i == 0 ? "" : ",").append("{\"k\":\"value number ").append(i).append("\",\"n\":").append(i).append('}');
        }
        JsonElement e = RustcJsonReader.parse(b.append(']').toString());
        assertThat(e.getAsJsonArray().size()).isEqualTo(200_000);
        assertThat(e.getAsJsonArray().get(199_999).getAsJsonObject().get("n").getAsLong()).isEqualTo(199_999);
    }
}
