package io.factotum.webhook;

import java.util.Comparator;

/** Compact JSON text exactly as rustc-serialize writes it (spec 1.6). */
final class JsonText {
    /**
     * Orders strings by their UTF-8 bytes, as Rust's {@code BTreeMap<String, _>} does. Comparing code
     * points gives the same order; Java's {@code String.compareTo} (UTF-16 units) would not for
     * characters above U+FFFF.
     */
    static final Comparator<String> BYTE_ORDER = JsonText::compareCodePoints;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() { }

    /** Appends {@code value} as a JSON string literal, quotes included. */
    static StringBuilder appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        // '/' and all non-ASCII text are written as they are.
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    static String string(String value) {
        return appendString(new StringBuilder(value.length() + 2), value).toString();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
