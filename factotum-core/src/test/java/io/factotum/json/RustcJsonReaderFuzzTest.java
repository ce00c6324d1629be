package io.factotum.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the rustc-serialize reader. Properties: only {@link JsonParseException} escapes, with a
 * 1-based position; and parse, write, parse gives the same tree. Two quirks of rustc-serialize,
 * kept on purpose, exempt a document from the round trip: a float (printed in full, its integer
 * part then overflows the reader) and a C1 control character U+0080..U+009F (written raw, read as
 * "unescaped control character").
 */
class RustcJsonReaderFuzzTest {

    @FuzzTest
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        JsonElement value;
        try {
            value = RustcJsonReader.parse(text);
        } catch (JsonParseException e) {
            assertThat(e.line()).isPositive();
            assertThat(e.column()).isPositive();
            return;
        }
        String written = RustcJsonWriter.write(value);
        if (JsonTrees.containsFloat(value) || JsonTrees.containsC1Control(written)) {
            return;
        }
        try {
            assertThat(RustcJsonReader.parse(written)).isEqualTo(value);
        } catch (JsonParseException e) {
            throw new AssertionError("written form does not parse: " + e.getMessage() + "\n" + written, e);
        }
    }
}
