package io.factotum.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the schema validator with arbitrary documents against the embedded factfile schema (the
 * only schema it compiles in production). Properties: it never throws, and every failure points
 * at a JSON pointer ({@code ""} or starting with {@code /}) with a title.
 */
class SchemaValidatorFuzzTest {
    private static final SchemaValidator FACTFILE_SCHEMA = load("/io/factotum/factfile/factfile-schema.json");

    @DictionaryEntries({"\"schema\"", "iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0", "\"data\"", "\"name\"", "\"tasks\"", "\"executor\"", "\"command\"", "\"arguments\"", "\"dependsOn\"", "\"onResult\"", "\"terminateJobWithSuccess\"", "\"continueJob\""})
    @FuzzTest
    void validate(byte[] input) {
        JsonElement document;
        try {
            document = RustcJsonReader.parse(new String(input, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            return;
        }
        List<SchemaValidator.Failure> failures = FACTFILE_SCHEMA.validate(document);
        for (SchemaValidator.Failure failure : failures) {
            assertThat(failure.pointer()).matches("(/.*)?");
            assertThat(failure.title()).isNotBlank();
        }
    }

    private static SchemaValidator load(String resource) {
        try (InputStream in = SchemaValidatorFuzzTest.class.getResourceAsStream(resource)) {
            return SchemaValidator.compile(RustcJsonReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JsonParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
