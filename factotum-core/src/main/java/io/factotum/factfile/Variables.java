package io.factotum.factfile;

import io.factotum.json.CodePointOrder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mustache variables of a run: the {@code --env} map and the {@code --tag} map.
 *
 * @param env the flat {@code --env} map
 * @param tags the {@code --tag} map, keys WITHOUT the {@code tag:} prefix
 * @param quoting how the values are substituted into task arguments (ruling 10)
 */
public record Variables(Map<String, String> env, Map<String, String> tags, VariableQuoting quoting) {
    public Variables {
        env = sortedCopy(env);
        tags = sortedCopy(tags);
        java.util.Objects.requireNonNull(quoting, "quoting");
    }

    /** Variables substituted as given, as Factotum does (the CLI). */
    public Variables(Map<String, String> env, Map<String, String> tags) {
        this(env, tags, VariableQuoting.AS_GIVEN);
    }

    /** No variables: every placeholder renders as an empty string. */
    public static Variables none() {
        return new Variables(Map.of(), Map.of());
    }

    /**
     * The map templates are rendered against: the env plus {@code "tag:" + key -> value} for each
     * tag (a tag overwrites an env key of the same name, as Factotum inserts tags after the env).
     */
    public Map<String, String> templateContext() {
        Map<String, String> context = new TreeMap<>(CodePointOrder.INSTANCE);
        context.putAll(env);
        tags.forEach((key, value) -> context.put("tag:" + key, value));
        return Collections.unmodifiableMap(context);
    }

    private static Map<String, String> sortedCopy(Map<String, String> map) {
        Map<String, String> copy = new TreeMap<>(CodePointOrder.INSTANCE);
        copy.putAll(map);
        return Collections.unmodifiableMap(copy);
    }
}
