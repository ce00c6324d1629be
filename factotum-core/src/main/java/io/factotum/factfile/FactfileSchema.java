package io.factotum.factfile;

import io.factotum.json.JsonParseException;
import io.factotum.json.RustcJsonReader;
import io.factotum.json.SchemaValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The factfile JSON schema embedded in Factotum, compiled once (it is immutable). */
final class FactfileSchema {
    static final String RESOURCE = "factfile-schema.json";

    private static final SchemaValidator VALIDATOR = load();

    private FactfileSchema() {
    }

    static SchemaValidator validator() {
        return VALIDATOR;
    }

    private static SchemaValidator load() {
        try (InputStream in = FactfileSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return SchemaValidator.compile(RustcJsonReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JsonParseException e) {
            throw new IllegalStateException("embedded factfile schema is not valid JSON: " + e.getMessage(), e);
        }
    }
}
