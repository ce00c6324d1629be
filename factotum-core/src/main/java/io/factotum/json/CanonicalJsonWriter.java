package io.factotum.json;

import com.google.gson.JsonElement;

/**
 * Compact JSON as serde_json 0.9 writes a {@code serde_json::Value}: object keys sorted by code
 * point at every level (its maps are BTreeMaps), no whitespace, strings escaped only for {@code "}
 * {@code \} {@code \b \f \n \r \t} and {@code \}{@code u00xx} (lowercase hex) for the other bytes
 * below 0x20 (0x7F, {@code /} and non-ASCII are raw), integers plain, floats as the dtoa crate
 * prints them ({@code 1e2} gives {@code 100.0}). Factotum Server hashes this form for its job ids.
 */
public final class CanonicalJsonWriter {
    private CanonicalJsonWriter() {
    }

    /** The canonical compact text of {@code value}. */
    public static String write(JsonElement value) {
        return RustcJsonWriter.TreeWriter.write(value, CanonicalJsonWriter::writeString, CanonicalJsonWriter::writeNumber);
    }

    /** Appends {@code s} as a quoted JSON string with serde_json's escaping. */
    public static StringBuilder writeString(StringBuilder out, String s) {
        return JsonStrings.write(out, s, false);
    }

    private static void writeNumber(StringBuilder out, Number n) {
        if (n instanceof Double || n instanceof Float) {
            out.append(FloatText.dtoa(n.doubleValue()));
        } else {
            out.append(n);
        }
    }
}
