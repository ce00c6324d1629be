package io.factotum.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import io.factotum.server.ServerConfig;
import io.factotum.server.http.SerdeJsonReader.BodyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzzes the request-body decoders of {@code POST /submit} and {@code POST /settings}: UTF-8
 * decoding, the serde_json reader and the struct decoder, with hostile bytes. Properties: a refused
 * body is a 400 whose message carries bodyparser's prefix, nothing else escapes; an accepted body
 * holds exactly the declared field types; and serde parse, write, parse gives the same tree.
 */
class RequestBodiesFuzzTest {
    private static final RequestBodies BODIES = new RequestBodies(ServerConfig.DEFAULT_MAX_JSON_DEPTH);

    @DictionaryEntries({"\"jobName\"", "\"factfilePath\"", "\"factfileArgs\"", "\"jobId\"", "\"state\"", "\\u", "e+"})
    @FuzzTest
    void decode(byte[] body) {
        check(body, "JobRequest", SubmitHandler.FIELDS);
        check(body, "SettingsRequest", SettingsHandler.FIELDS);
    }

    @FuzzTest
    void serdeRoundTrip(byte[] input) {
        JsonElement value;
        try {
            value = SerdeJsonReader.parse(RequestBodies.utf8(input), ServerConfig.DEFAULT_MAX_JSON_DEPTH);
        } catch (BodyException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        if (containsNonFinite(value)) {
            return; // written as null, by design (serde_json does the same)
        }
        for (boolean pretty : new boolean[] {false, true}) {
            String written = SerdeJsonWriter.write(value, pretty);
            try {
                assertThat(SerdeJsonReader.parse(written, Integer.MAX_VALUE)).isEqualTo(value);
            } catch (BodyException e) {
                throw new AssertionError("written form does not parse: " + e.getMessage() + "\n" + written, e);
            }
        }
    }

    private static void check(byte[] body, String struct, List<StructDecoder.Field> fields) {
        HttpRequest request = new HttpRequest(Map.of(), Map.of(), Optional.of("application/json"), body);
        Map<String, Object> decoded;
        try {
            decoded = BODIES.decode(request, struct, fields);
        } catch (RequestBodies.Refused e) {
            assertThat(e.response.status()).isEqualTo(400);
            assertThat(e.response.json().getAsJsonObject().get("message").getAsString())
                    .startsWith(RequestBodies.DECODE_PREFIX);
            return;
        }
        for (StructDecoder.Field field : fields) {
            Object value = decoded.get(field.name());
            if (field.required()) {
                assertThat(value).isNotNull();
            }
            if (value != null && field.kind() == StructDecoder.Kind.STRING) {
                assertThat(value).isInstanceOf(String.class);
            } else if (value != null) {
                assertThat(value).asList().allSatisfy(item -> assertThat(item).isInstanceOf(String.class));
            }
        }
    }

    private static boolean containsNonFinite(JsonElement value) {
        ArrayDeque<JsonElement> todo = new ArrayDeque<>();
        todo.push(value);
        while (!todo.isEmpty()) {
            JsonElement e = todo.pop();
            if (e.isJsonArray()) {
                e.getAsJsonArray().forEach(todo::push);
            } else if (e.isJsonObject()) {
                e.getAsJsonObject().entrySet().forEach(m -> todo.push(m.getValue()));
            } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                JsonPrimitive p = e.getAsJsonPrimitive();
                if (p.getAsNumber() instanceof Double d && !Double.isFinite(d)) {
                    return true;
                }
            }
        }
        return false;
    }
}
