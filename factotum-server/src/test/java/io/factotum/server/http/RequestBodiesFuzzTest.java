package io.factotum.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.factotum.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzzes the request-body decoders of {@code POST /submit} and {@code POST /settings}: UTF-8
 * decoding, the serde_json reader and the struct decoder, with hostile bytes. Properties: a refused
 * body is a 400 whose message carries bodyparser's prefix, nothing else escapes; an accepted body
 * holds exactly the declared field types.
 */
class RequestBodiesFuzzTest {
    private static final RequestBodies BODIES = new RequestBodies(ServerConfig.DEFAULT_MAX_JSON_DEPTH);

    @DictionaryEntries({"\"jobName\"", "\"factfilePath\"", "\"factfileArgs\"", "\"jobId\"", "\"state\"", "\\u", "e+"})
    @FuzzTest
    void decode(byte[] body) {
        check(body, "JobRequest", SubmitHandler.FIELDS);
        check(body, "SettingsRequest", SettingsHandler.FIELDS);
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
}
