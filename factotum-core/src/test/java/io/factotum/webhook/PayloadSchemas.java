package io.factotum.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Factotum's own {@code job_update} / {@code task_update} schemas (testdata/schemas), checked with an
 * independent validator.
 */
final class PayloadSchemas {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonSchema jobUpdate = load("job_transition_self_desc.json");
    private final JsonSchema taskUpdate = load("task_transition_self_desc.json");

    /** The violations of {@code json} against the schema its {@code schema} field names. */
    Set<ValidationMessage> violations(String json) {
        JsonNode payload = parse(json);
        String schema = payload.path("schema").asText();
        JsonSchema validator = switch (schema) {
            case WebhookPayloads.JOB_UPDATE_SCHEMA -> jobUpdate;
            case WebhookPayloads.TASK_UPDATE_SCHEMA -> taskUpdate;
            default -> throw new AssertionError("unexpected schema " + schema);
        };
        return validator.validate(payload);
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema load(String file) {
        ObjectNode schema = (ObjectNode) parse(WebhookFixtures.read(
                WebhookFixtures.repoRoot().resolve("testdata/schemas").resolve(file)));
        // "$schema" names Iglu's self-describing meta-schema, which is not fetchable offline; "self"
        // is Iglu metadata. What remains is plain draft-04 JSON Schema.
        schema.remove("$schema");
        schema.remove("self");
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema, config);
    }
}
