package io.factotum.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import io.factotum.json.JsonTrees;
import io.factotum.server.ServerConfig;
import io.factotum.server.http.SerdeJsonReader.BodyException;

/**
 * Fuzzes the serde_json reader and writer of the server together. Properties: reading arbitrary
 * bytes throws only {@link BodyException}; and read, write (compact and pretty), read gives the
 * same tree.
 */
class SerdeJsonRoundTripFuzzTest {

    @FuzzTest
    void roundTrip(byte[] input) {
        JsonElement value;
        try {
            value = SerdeJsonReader.parse(RequestBodies.utf8(input), ServerConfig.DEFAULT_MAX_JSON_DEPTH);
        } catch (BodyException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        if (JsonTrees.containsNonFinite(value)) {
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
}
