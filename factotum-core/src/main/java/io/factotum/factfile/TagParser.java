package io.factotum.factfile;

import io.factotum.json.CodePointOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Factotum's {@code get_tag_map}: turns {@code --tag} (and {@code --constraint}) values into a map. */
public final class TagParser {
    private TagParser() {
    }

    /**
     * Parses each value as {@code key,value}: split on {@code ,}; with two or more parts and a
     * non-blank first part, key = first part trimmed and value = the remaining parts concatenated
     * without separators, trimmed; a single non-blank part is a key with value {@code ""}; anything
     * else is ignored. Later duplicates win. Trimming is Rust's (Unicode White_Space).
     *
     * @return a sorted map (code-point order, as Factotum's BTreeMap)
     */
    public static Map<String, String> parse(List<String> values) {
        TreeMap<String, String> map = new TreeMap<>(CodePointOrder.INSTANCE);
        for (String value : values) {
            String[] parts = value.split(",", -1);
            if (parts.length >= 2) {
                String key = RustText.trim(parts[0]);
                if (!key.isEmpty()) {
                    StringBuilder rest = new StringBuilder();
                    for (int i = 1; i < parts.length; i++) {
                        rest.append(parts[i]);
                    }
                    map.put(key, RustText.trim(rest.toString()));
                }
            } else {
                String key = RustText.trim(value);
                if (!key.isEmpty()) {
                    map.put(key, "");
                }
            }
        }
        return map;
    }
}
