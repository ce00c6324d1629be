package io.factotum.json;

import java.util.Comparator;

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 encodings and so the
 * order of a Rust {@code BTreeMap<String, _>}. {@link String#compareTo} differs (UTF-16 units) when
 * characters above U+FFFF meet characters in U+E000..U+FFFF.
 */
public final class CodePointOrder implements Comparator<String> {
    /** The comparator; it is stateless. */
    public static final CodePointOrder INSTANCE = new CodePointOrder();

    private CodePointOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Surrogates (0xD800..0xDFFF) encode code points above every BMP character.
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs != ys) {
                    return xs ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
