package io.factotum.server.http;

import io.factotum.json.CanonicalJsonWriter;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON as Factotum Server's serde_json 0.9 does: compact (no whitespace) or, for
 * {@code ?pretty=1}, PrettyFormatter (two-space indent, {@code "key": value}, empty containers as
 * {@code []} / {@code {}}); never a trailing newline. Strings escape {@code "} {@code \} and control
 * characters ((backslash-b, -f, -n, -r, -t), others as lowercase {@code \\u00xx}); {@code /} and non-ASCII
 * are written raw. Keys are written in the object's insertion order.
 */
public final class SerdeJsonWriter {
    private SerdeJsonWriter() {
    }

    public static String write(JsonElement value, boolean pretty) {
        StringBuilder out = new StringBuilder();
        write(value, pretty, 0, out);
        return out.toString();
    }

    private static void write(JsonElement value, boolean pretty, int indent, StringBuilder out) {
        if (value == null || value.isJsonNull()) {
            out.append("null");
        } else if (value.isJsonPrimitive()) {
            JsonPrimitive p = value.getAsJsonPrimitive();
            if (p.isString()) {
                CanonicalJsonWriter.writeString(out, p.getAsString());
            } else {
                out.append(p.getAsString());
            }
        } else if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                newline(pretty, indent + 1, out);
                write(array.get(i), pretty, indent + 1, out);
            }
            if (!array.isEmpty()) {
                newline(pretty, indent, out);
            }
            out.append(']');
        } else {
            JsonObject object = value.getAsJsonObject();
            out.append('{');
            Iterator<Map.Entry<String, JsonElement>> it = object.entrySet().iterator();
            boolean first = true;
            while (it.hasNext()) {
                Map.Entry<String, JsonElement> e = it.next();
                if (!first) {
                    out.append(',');
                }
                first = false;
                newline(pretty, indent + 1, out);
                CanonicalJsonWriter.writeString(out, e.getKey());
                out.append(pretty ? ": " : ":");
                write(e.getValue(), pretty, indent + 1, out);
            }
            if (!object.isEmpty()) {
                newline(pretty, indent, out);
            }
            out.append('}');
        }
    }

    private static void newline(boolean pretty, int indent, StringBuilder out) {
        if (pretty) {
            out.append('\n');
            out.append("  ".repeat(indent));
        }
    }
}
