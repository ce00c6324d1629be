package io.factotum.factfile;

import com.google.gson.JsonElement;
import io.factotum.json.CodePointOrder;
import io.factotum.json.JsonParseException;
import io.factotum.json.RustcJsonReader;
import java.util.Map;
import java.util.TreeMap;

/** Decodes {@code --env}: Factotum accepts only a flat JSON object of string values. */
public final class EnvParser {
    private EnvParser() {
    }

    /**
     * Parses {@code json} (rustc-serialize syntax rules; duplicate keys: last wins).
     *
     * @return the map, sorted by key (code-point order)
     * @throws IllegalArgumentException for a syntax error or anything but an object of strings, with
     *     the message {@code Supplied string '<json>' is not valid JSON: decoder error}
     */
    public static Map<String, String> parse(String json) {
        JsonElement root;
        try {
            root = RustcJsonReader.parse(json);
        } catch (JsonParseException e) {
            throw invalid(json);
        }
        if (!root.isJsonObject()) {
            throw invalid(json);
        }
        Map<String, String> env = new TreeMap<>(CodePointOrder.INSTANCE);
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw invalid(json);
            }
            env.put(e.getKey(), v.getAsString());
        }
        return env;
    }

    private static IllegalArgumentException invalid(String json) {
        return new IllegalArgumentException("Supplied string '" + json + "' is not valid JSON: decoder error");
    }
}
