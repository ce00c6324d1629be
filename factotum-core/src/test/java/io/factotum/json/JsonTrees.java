package io.factotum.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.ArrayDeque;

/** Small tree queries for the JSON fuzz tests. */
public final class JsonTrees {
    private JsonTrees() {
    }

    /** Whether any number in the tree is a float (a JSON number with a fraction or an exponent). */
    public static boolean containsFloat(JsonElement value) {
        ArrayDeque<JsonElement> todo = new ArrayDeque<>();
        todo.push(value);
        while (!todo.isEmpty()) {
            JsonElement e = todo.pop();
            if (e.isJsonArray()) {
                e.getAsJsonArray().forEach(todo::push);
            } else if (e.isJsonObject()) {
                e.getAsJsonObject().entrySet().forEach(m -> todo.push(m.getValue()));
            } else if (e.isJsonPrimitive() && isFloat(e.getAsJsonPrimitive())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} holds a C1 control, which rustc-serialize writes raw but will not read. */
    public static boolean containsC1Control(String text) {
        return text.chars().anyMatch(c -> c >= 0x80 && c <= 0x9f);
    }

    private static boolean isFloat(JsonPrimitive p) {
        return p.isNumber() && p.getAsNumber() instanceof Double;
    }
}
