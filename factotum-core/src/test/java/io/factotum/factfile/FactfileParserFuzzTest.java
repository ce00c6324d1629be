package io.factotum.factfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.factotum.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes the factfile pipeline (JSON syntax, schema, decoding, templating, DAG rules) with
 * arbitrary text. Properties: only {@link FactfileException} escapes, always with the
 * "is not a valid factotum factfile" prefix; and an accepted factfile's raw re-encoding is itself
 * a factfile that parses back to the same value. Replays its corpus in every build; fuzz with
 * {@code reliability/fuzz.sh}.
 */
class FactfileParserFuzzTest {
    private static final String PATH = "fuzz.factfile";
    private static final FactfileParser PARSER = new FactfileParser();
    // Values with mustache and JSON metacharacters, so templating output is as hostile as the input.
    private static final Variables VARIABLES = new Variables(
            Map.of("name", "job \"x\" <&>", "a.b", "{{name}}", "empty", "", "nl", "line1\nline2"),
            Map.of("env", "prod", "", "blank"));

    @DictionaryEntries({"\"schema\"", "iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0", "\"data\"", "\"name\"", "\"tasks\"", "\"executor\"", "\"command\"", "\"arguments\"", "\"dependsOn\"", "\"onResult\"", "\"terminateJobWithSuccess\"", "\"continueJob\"", "{{", "}}", "{{#", "{{/", "{{^", "{{{", "\\u"})
    @FuzzTest
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Factfile untemplated;
        try {
            untemplated = PARSER.parse(text, PATH, null);
        } catch (FactfileException e) {
            assertInvalid(e);
            return;
        }
        // The raw form writes C1 controls unescaped, as rustc-serialize does, and its reader refuses
        // them; raw is only ever hashed and sent, never read back, so such files skip this check.
        if (!JsonTrees.containsC1Control(untemplated.raw())) {
            assertThat(parseOrFail(untemplated.raw())).isEqualTo(untemplated);
        }
        try {
            Factfile templated = PARSER.parse(text, PATH, VARIABLES);
            assertThat(templated.tasks()).hasSameSizeAs(untemplated.tasks());
        } catch (FactfileException e) {
            assertInvalid(e);
        }
    }

    private static Factfile parseOrFail(String raw) {
        try {
            return PARSER.parse(raw, PATH, null);
        } catch (FactfileException e) {
            throw new AssertionError("raw re-encoding was rejected: " + e.getMessage() + "\n" + raw, e);
        }
    }

    private static void assertInvalid(FactfileException e) {
        assertThat(e.getMessage()).startsWith("'" + PATH + "' is not a valid factotum factfile: ");
    }
}
