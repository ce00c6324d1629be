package io.factotum.server.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.factotum.json.CodePointOrder;
import io.factotum.server.http.SerdeJsonReader.BodyException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a parsed body into a request struct as serde-derive does from a {@code serde_json::Value}
 * (Factotum Server decodes to a Value first): an object's fields are visited in sorted key order
 * (the Value's BTreeMap), unknown fields are ignored, a type error names the first bad field in that
 * order, and then the first missing field in declaration order is reported; an array is read
 * positionally. Messages are serde's, without position (data errors have none), e.g.
 * {@code missing field `jobName`} or {@code invalid type: integer `5`, expected a string}.
 */
final class StructDecoder {
    /** How a field's value is read. */
    enum Kind { STRING, STRING_LIST }

    /** A struct field; {@code required} false means {@code #[serde(default)]}. */
    record Field(String name, Kind kind, boolean required) {
    }

    private StructDecoder() {
    }

    /**
     * Decodes; the result maps each present field to a {@code String} or {@code List<String>}.
     *
     * @param structName the Rust struct's name, for {@code expected struct <name>}
     * @param fields in declaration order
     */
    static Map<String, Object> decode(JsonElement value, String structName, List<Field> fields) throws BodyException {
        Map<String, Object> decoded = new LinkedHashMap<>();
        if (value.isJsonObject()) {
            Map<String, JsonElement> sorted = new TreeMap<>(CodePointOrder.INSTANCE);
            for (Map.Entry<String, JsonElement> e : ((JsonObject) value).entrySet()) {
                sorted.put(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, JsonElement> e : sorted.entrySet()) {
                for (Field field : fields) {
                    if (field.name().equals(e.getKey())) {
                        decoded.put(field.name(), read(e.getValue(), field.kind()));
                    }
                }
            }
            for (Field field : fields) {
                if (field.required() && !decoded.containsKey(field.name())) {
                    throw new BodyException("missing field `" + field.name() + "`");
                }
            }
            return decoded;
        }
        if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            long required = fields.stream().filter(Field::required).count();
            if (array.size() < required) {
                throw new BodyException("invalid length " + array.size() + ", expected struct " + structName
                        + " with " + fields.size() + " elements");
            }
            if (array.size() > fields.size()) {
                throw new BodyException("invalid length " + array.size() + ", expected fewer elements in array");
            }
            for (int i = 0; i < array.size(); i++) {
                decoded.put(fields.get(i).name(), read(array.get(i), fields.get(i).kind()));
            }
            return decoded;
        }
        throw invalidType(value, "struct " + structName);
    }

    private static Object read(JsonElement value, Kind kind) throws BodyException {
        if (kind == Kind.STRING) {
            return string(value);
        }
        if (!value.isJsonArray()) {
            throw invalidType(value, "a sequence");
        }
        List<String> items = new ArrayList<>();
        for (JsonElement item : value.getAsJsonArray()) {
            items.add(string(item));
        }
        return items;
    }

    private static String string(JsonElement value) throws BodyException {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return value.getAsString();
        }
        throw invalidType(value, "a string");
    }

    private static BodyException invalidType(JsonElement value, String expected) {
        return new BodyException("invalid type: " + unexpected(value) + ", expected " + expected);
    }

    /** serde's {@code Unexpected} display. */
    private static String unexpected(JsonElement value) {
        if (value.isJsonNull()) {
            return "unit value";
        }
        if (value.isJsonArray()) {
            return "sequence";
        }
        if (value.isJsonObject()) {
            return "map";
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return "boolean `" + p.getAsBoolean() + "`";
        }
        if (p.isString()) {
            return "string " + rustDebug(p.getAsString());
        }
        Number n = p.getAsNumber();
        if (n instanceof java.math.BigInteger) {
            return "integer `" + n + "`";
        }
        double d = n.doubleValue();
        if (Double.isInfinite(d)) {
            // Rust's Display of an infinite f64.
            return "floating point `" + (d > 0 ? "inf" : "-inf") + "`";
        }
        String text = d == Math.rint(d) && !Double.isInfinite(d)
                ? new BigDecimal(d).toPlainString()
                : Double.toString(d);
        return "floating point `" + text + "`";
    }

    /** Rust's {@code {:?}} of a string, for the characters that matter in practice. */
    private static String rustDebug(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append("\\u{").append(Integer.toHexString(cp)).append('}');
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
