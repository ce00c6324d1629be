package io.factotum.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the rustc-serialize reader. Properties: only {@link JsonParseException} escapes, with a
 * 1-based position; and parse, write, parse gives the same tree (documents with a float are only
 * checked for not crashing: rustc-serialize prints floats in full and its own reader then overflows
 * on their integer part, a quirk kept on purpose).
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
        if (JsonTrees.containsFloat(value)) {
            return;
        }
        try {
            assertThat(RustcJsonReader.parse(written)).isEqualTo(value);
        } catch (JsonParseException e) {
            throw new AssertionError("written form does not parse: " + e.getMessage() + "\n" + written, e);
        }
    }

    /** Small tree queries for the JSON fuzz tests. */
    static final class JsonTrees {
        private JsonTrees() {
        }

        static boolean containsFloat(JsonElement value) {
            java.util.ArrayDeque<JsonElement> todo = new java.util.ArrayDeque<>();
            todo.push(value);
            while (!todo.isEmpty()) {
                JsonElement e = todo.pop();
                if (e.isJsonArray()) {
                    e.getAsJsonArray().forEach(todo::push);
                } else if (e.isJsonObject()) {
                    e.getAsJsonObject().entrySet().forEach(m -> todo.push(m.getValue()));
                } else if (e.isJsonPrimitive() && isFloat(e.getAsJsonPrimitive())) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isFloat(JsonPrimitive p) {
            return p.isNumber() && p.getAsNumber() instanceof Double;
        }
    }
}
