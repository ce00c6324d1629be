package io.factotum.webhook;

import io.factotum.json.CodePointOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The job and run references of webhook payloads (spec 5.4). */
public final class References {
    private References() { }

    /**
     * Lowercase hex SHA-256 of the raw factfile followed by, for each tag in byte order of its key,
     * the key then the value, with no separators. The same factfile and tags always give the same
     * reference; {@code --start} does not change it.
     *
     * @param rawFactfile the templated compact factfile ({@link io.factotum.factfile.Factfile#raw()})
     * @param tags the {@code --tag} values, keys without the {@code tag:} prefix
     */
    public static String jobReference(String rawFactfile, Map<String, String> tags) {
        MessageDigest digest = sha256();
        digest.update(rawFactfile.getBytes(StandardCharsets.UTF_8));
        Map<String, String> sorted = new TreeMap<>(CodePointOrder.INSTANCE);
        sorted.putAll(tags);
        sorted.forEach((key, value) -> {
            digest.update(key.getBytes(StandardCharsets.UTF_8));
            digest.update(value.getBytes(StandardCharsets.UTF_8));
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A new run reference: lowercase hex SHA-256 of a random (v4) UUID's hyphenated text. */
    public static String newRunReference() {
        return sha256Hex(UUID.randomUUID().toString());
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
