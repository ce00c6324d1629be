package io.factotum.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonPrimitive;
import org.junit.jupiter.api.Test;

/** The two compact writers: rustc-serialize's (Factotum) and serde_json 0.9's (Factotum Server). */
class JsonWritersTest {

    private static final String ALL_SPECIAL = "q\" b\\ s/ \b\t\n\f\r \u0000\u0001\u000b\u001f \u007f é \uD83D\uDE00";

    @Test
    void rustcEscapesOnlyQuoteBackslashControlsAndDel() {
        assertThat(RustcJsonWriter.quote(ALL_SPECIAL)).isEqualTo(
                "\"q\\\" b\\\\ s/ \\b\\t\\n\\f\\r \\u0000\\u0001\\u000b\\u001f \\u007f é \uD83D\uDE00\"");
    }

    @Test
    void serdeEscapesOnlyQuoteBackslashAndControls() {
        assertThat(CanonicalJsonWriter.writeString(new StringBuilder(), ALL_SPECIAL).toString()).isEqualTo(
                "\"q\\\" b\\\\ s/ \\b\\t\\n\\f\\r \\u0000\\u0001\\u000b\\u001f \u007f é \uD83D\uDE00\"");
    }

    @Test
    void canonicalSortsKeysRecursivelyByCodePoint() throws Exception {
        String text = "{ \"b\": {\"z\": 1, \"a\": [ {\"y\": true, \"x\": null} ]}, \"a\": \"s\","
                + " \"\uFB01\": 1, \"\uD83D\uDE00\": 2, \"B\": 3 }";
        assertThat(CanonicalJsonWriter.write(RustcJsonReader.parse(text)))
                .isEqualTo("{\"B\":3,\"a\":\"s\",\"b\":{\"a\":[{\"x\":null,\"y\":true}],\"z\":1},"
                        + "\"\uFB01\":1,\"\uD83D\uDE00\":2}");
    }

    @Test
    void canonicalFloatsAreFormattedLikeDtoa() throws Exception {
        assertThat(CanonicalJsonWriter.write(RustcJsonReader.parse(
                "[1e2, 1.0, 0.5, 12.5, 1.5e-7, 1e21, 1e22, 1.25e25, 0.001, -2.5, -0.0, 18446744073709551615, -5]")))
                .isEqualTo("[100.0,1.0,0.5,12.5,1.5e-7,1e21,1e22,1.25e25,0.001,-2.5,-0.0,18446744073709551615,-5]");
    }

    @Test
    void rustcFloatsNeverUseAnExponent() throws Exception {
        assertThat(RustcJsonWriter.write(RustcJsonReader.parse("[1e2, 0.5, 1e21, -0.0, 7]")))
                .isEqualTo("[100.0,0.5,1000000000000000000000.0,-0.0,7]");
        assertThat(RustcJsonWriter.write(new JsonPrimitive(Double.NaN))).isEqualTo("null");
    }

    @Test
    void rustcWriterSortsKeysAndIsCompact() throws Exception {
        assertThat(RustcJsonWriter.write(RustcJsonReader.parse("{ \"b\" : [ 1 , \"x/\" ], \"a\" : { } }")))
                .isEqualTo("{\"a\":{},\"b\":[1,\"x/\"]}");
    }

    @Test
    void deepTreesAreWrittenWithoutRecursion() throws Exception {
        int depth = RustcJsonReader.MAX_DEPTH;
        String text = "[".repeat(depth) + "]".repeat(depth);
        assertThat(CanonicalJsonWriter.write(RustcJsonReader.parse(text))).isEqualTo(text);
    }

    @Test
    void codePointOrderPutsAstralCharactersLast() {
        assertThat(CodePointOrder.INSTANCE.compare("\uD83D\uDE00", "\uFB01")).isPositive();
        assertThat(CodePointOrder.INSTANCE.compare("a", "b")).isNegative();
        assertThat(CodePointOrder.INSTANCE.compare("ab", "a")).isPositive();
        assertThat(CodePointOrder.INSTANCE.compare("x", "x")).isZero();
    }
}
