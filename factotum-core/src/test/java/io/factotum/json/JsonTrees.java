package io.factotum.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.ArrayDeque;
import java.util.function.Predicate;

/** Small tree queries for the JSON fuzz tests. */
public final class JsonTrees {
    private JsonTrees() {
    }

    /** Whether any number in the tree is a float (a JSON number with a fraction or an exponent). */
    public static boolean containsFloat(JsonElement value) {
        return anyPrimitive(value, p -> p.isNumber() && p.getAsNumber() instanceof Double);
    }

    /** Whether any number in the tree is infinite or NaN (a reader that allows them made it). */
    public static boolean containsNonFinite(JsonElement value) {
        return anyPrimitive(value, p -> p.isNumber() && p.getAsNumber() instanceof Double d && !Double.isFinite(d));
    }

    /** Whether any primitive (string, number, boolean) in the tree matches; iterative, for deep trees. */
    private static boolean anyPrimitive(JsonElement value, Predicate<JsonPrimitive> wanted) {
        ArrayDeque<JsonElement> todo = new ArrayDeque<>();
        todo.push(value);
        while (!todo.isEmpty()) {
            JsonElement e = todo.pop();
            if (e.isJsonArray()) {
                e.getAsJsonArray().forEach(todo::push);
            } else if (e.isJsonObject()) {
                e.getAsJsonObject().entrySet().forEach(m -> todo.push(m.getValue()));
            } else if (e.isJsonPrimitive() && wanted.test(e.getAsJsonPrimitive())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} holds a C1 control, which rustc-serialize writes raw but will not read. */
    public static boolean containsC1Control(String text) {
        return text.chars().anyMatch(c -> c >= 0x80 && c <= 0x9f);
    }
}
