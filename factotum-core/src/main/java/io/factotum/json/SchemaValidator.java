package io.factotum.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small JSON Schema (draft 4) validator reporting errors the way valico 0.8 (Factotum's validator)
 * words them: {@code '<json-pointer>' - <title>[ (<detail>)]}.
 *
 * <p>Supported keywords: {@code type} (one name or a list; {@code integer} means a JSON integer, so
 * {@code 1.0} is not one), {@code properties}, {@code additionalProperties} (boolean or schema),
 * {@code required}, {@code items} (one schema or a list), {@code pattern} (Rust regex semantics for
 * the anchors: {@code $} is the very end of the text), {@code maximum}, {@code minimum} (with the
 * draft-4 {@code exclusive*} flags). Other keywords are ignored, as valico ignores unknown ones.
 *
 * <p>As in valico, each keyword only looks at values of its own kind (non-strict mode), so a wrong
 * type is reported once by {@code type}. Keywords of one schema run in a fixed order (type,
 * required, properties, items, pattern, maximum, minimum); valico's order is its hash-set order,
 * which varies between runs. Object members are visited in code-point order of their keys (valico
 * sees rustc-serialize's BTreeMaps). Recursion is bounded by the depth of the schema, not of the
 * document.
 */
public final class SchemaValidator {
    private final Node root;

    private SchemaValidator(Node root) {
        this.root = root;
    }

    /** Compiles a schema document. */
    public static SchemaValidator compile(JsonElement schema) {
        return new SchemaValidator(Node.compile(schema));
    }

    /** One validation failure. */
    public record Failure(String pointer, String title, String detail) {
        /** valico's line: {@code '<pointer>' - <title>} plus {@code  (<detail>)} when there is one. */
        public String line() {
            return "'" + pointer + "' - " + title + (detail == null ? "" : " (" + detail + ")");
        }
    }

    /** All failures of {@code document}, in report order; empty when it is valid. */
    public List<Failure> validate(JsonElement document) {
        List<Failure> failures = new ArrayList<>();
        root.validate(document, Pointer.ROOT, failures);
        return failures;
    }

    /** A JSON pointer built lazily: only failures pay for the string. */
    private static final class Pointer {
        static final Pointer ROOT = new Pointer(null, null);
        final Pointer parent;
        final String token;

        Pointer(Pointer parent, String token) {
            this.parent = parent;
            this.token = token;
        }

        Pointer child(String key) {
            return new Pointer(this, key);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            String t = token;
            if (t.indexOf('~') >= 0 || t.indexOf('/') >= 0) {
                t = t.replace("~", "~0").replace("/", "~1");
            }
            return parent + "/" + t;
        }
    }

    private static final class Node {
        List<String> types;
        Map<String, Node> properties;
        boolean additionalAllowed = true;
        Node additionalSchema;
        List<String> required;
        Node items;
        List<Node> tupleItems;
        Pattern pattern;
        Double maximum;
        boolean exclusiveMaximum;
        Double minimum;
        boolean exclusiveMinimum;

        static Node compile(JsonElement def) {
            Node node = new Node();
            if (!def.isJsonObject()) {
                return node;
            }
            JsonObject o = def.getAsJsonObject();
            JsonElement type = o.get("type");
            if (type != null) {
                node.types = new ArrayList<>();
                if (type.isJsonArray()) {
                    type.getAsJsonArray().forEach(t -> node.types.add(t.getAsString()));
                } else {
                    node.types.add(type.getAsString());
                }
            }
            JsonElement props = o.get("properties");
            JsonElement additional = o.get("additionalProperties");
            if (props != null || additional != null) {
                node.properties = new LinkedHashMap<>();
                if (props != null) {
                    for (Map.Entry<String, JsonElement> e : props.getAsJsonObject().entrySet()) {
                        node.properties.put(e.getKey(), compile(e.getValue()));
                    }
                }
                if (additional != null) {
                    if (additional.isJsonPrimitive() && additional.getAsJsonPrimitive().isBoolean()) {
                        node.additionalAllowed = additional.getAsBoolean();
                    } else {
                        node.additionalSchema = compile(additional);
                    }
                }
            }
            JsonElement required = o.get("required");
            if (required != null) {
                node.required = new ArrayList<>();
                required.getAsJsonArray().forEach(r -> node.required.add(r.getAsString()));
            }
            JsonElement items = o.get("items");
            if (items != null) {
                if (items.isJsonArray()) {
                    node.tupleItems = new ArrayList<>();
                    items.getAsJsonArray().forEach(i -> node.tupleItems.add(compile(i)));
                } else {
                    node.items = compile(items);
                }
            }
            JsonElement pattern = o.get("pattern");
            if (pattern != null) {
                node.pattern = Pattern.compile(rustRegex(pattern.getAsString()),
                        Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS);
            }
            if (o.has("maximum")) {
                node.maximum = o.get("maximum").getAsDouble();
                node.exclusiveMaximum = o.has("exclusiveMaximum") && o.get("exclusiveMaximum").getAsBoolean();
            }
            if (o.has("minimum")) {
                node.minimum = o.get("minimum").getAsDouble();
                node.exclusiveMinimum = o.has("exclusiveMinimum") && o.get("exclusiveMinimum").getAsBoolean();
            }
            return node;
        }

        private boolean hasAnyType(JsonElement value) {
            for (String t : types) {
                if (hasType(value, t)) {
                    return true;
                }
            }
            return false;
        }

        void validate(JsonElement value, Pointer path, List<Failure> out) {
            if (types != null && !hasAnyType(value)) {
                out.add(new Failure(path.toString(), "Type of the value is wrong", types.size() == 1
                        ? "The value must be " + types.get(0)
                        : "The value must be any of: " + String.join(", ", types)));
            }
            if (required != null && value.isJsonObject()) {
                JsonObject object = value.getAsJsonObject();
                for (String key : required) {
                    if (!object.has(key)) {
                        out.add(new Failure(path.child(key).toString(), "This property is required", null));
                    }
                }
            }
            if (properties != null && value.isJsonObject()) {
                JsonObject object = value.getAsJsonObject();
                String[] keys = object.keySet().toArray(new String[0]);
                java.util.Arrays.sort(keys, CodePointOrder.INSTANCE);
                for (String key : keys) {
                    Node property = properties.get(key);
                    if (property != null) {
                        property.validate(object.get(key), path.child(key), out);
                    } else if (additionalSchema != null) {
                        additionalSchema.validate(object.get(key), path.child(key), out);
                    } else if (!additionalAllowed) {
                        out.add(new Failure(path.toString(), "Property conditions are not met", "Additional properties are not allowed"));
                    }
                }
            }
            if ((items != null || tupleItems != null) && value.isJsonArray()) {
                JsonArray array = value.getAsJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    Node schema = items != null ? items : (i < tupleItems.size() ? tupleItems.get(i) : null);
                    if (schema != null) {
                        schema.validate(array.get(i), path.child(Integer.toString(i)), out);
                    }
                }
            }
            if (pattern != null && isString(value) && !pattern.matcher(value.getAsString()).find()) {
                out.add(new Failure(path.toString(), "Pattern condition is not met", null));
            }
            if (maximum != null && isNumber(value)) {
                double n = value.getAsDouble();
                if (!(exclusiveMaximum ? n < maximum : n <= maximum)) {
                    out.add(new Failure(path.toString(), "Maximum condition is not met", null));
                }
            }
            if (minimum != null && isNumber(value)) {
                double n = value.getAsDouble();
                if (!(exclusiveMinimum ? n > minimum : n >= minimum)) {
                    out.add(new Failure(path.toString(), "Minimum condition is not met", null));
                }
            }
        }
    }

    private static boolean isString(JsonElement v) {
        return v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
    }

    private static boolean isNumber(JsonElement v) {
        return v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
    }

    private static boolean hasType(JsonElement v, String type) {
        return switch (type) {
            case "array" -> v.isJsonArray();
            case "object" -> v.isJsonObject();
            case "null" -> v.isJsonNull();
            case "boolean" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean();
            case "string" -> isString(v);
            case "number" -> isNumber(v);
            case "integer" -> {
                if (!isNumber(v)) {
                    yield false;
                }
                Number n = v.getAsJsonPrimitive().getAsNumber();
                yield n instanceof Long || n instanceof Integer || n instanceof BigInteger;
            }
            default -> false;
        };
    }

    /**
     * Translates a Rust regex to java.util.regex where they differ for schema patterns: outside a
     * character class an unescaped {@code $} means the very end of the text in Rust ({@code \z}),
     * whereas Java's also matches before a final newline.
     */
    static String rustRegex(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                out.append(c);
            } else if (c == '[') {
                inClass = true;
                out.append(c);
                // A ']' right after '[' or '[^' is a literal.
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    out.append("\\]");
                    i++;
                }
            } else if (c == '$') {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

}
