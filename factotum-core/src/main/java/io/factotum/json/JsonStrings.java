package io.factotum.json;

/**
 * The string escaping that rustc-serialize and serde_json share: {@code "} and {@code \}, the short
 * forms {@code \b \t \n \f \r}, other control characters as lower-case {@code \}{@code u00xx}, and
 * everything else (including {@code /} and non-ASCII) written raw. They differ in DEL (0x7F) only.
 */
final class JsonStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {
    }

    static StringBuilder write(StringBuilder out, String s, boolean escapeDel) {
        out.append('"');
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !(escapeDel && c == 0x7f)) {
                continue;
            }
            out.append(s, start, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
            start = i + 1;
        }
        out.append(s, start, n);
        return out.append('"');
    }
}
