package io.factotum.job;

import com.google.gson.JsonElement;
import io.factotum.factfile.FactfileException;
import io.factotum.json.CanonicalJsonWriter;
import io.factotum.json.CodePointOrder;
import io.factotum.json.JsonParseException;
import io.factotum.json.RustcJsonReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Factotum Server's job id (server spec 5.1): lowercase hex SHA-256 over the factfile re-encoded
 * canonically as serde_json 0.9 does (keys sorted recursively, compact), followed by each tag key
 * and value in key order, with no separators. Whitespace and key order in the file do not matter;
 * the job name, {@code --start}, {@code --env} and other arguments are not part of the id.
 */
public final class JobId {
    private JobId() {
    }

    /**
     * Computes the id.
     *
     * @param factfileText the factfile's contents
     * @param tags the {@code --tag} map (keys without {@code tag:}); empty for none
     * @throws FactfileException if the text is not JSON; the message is worded as serde_json's
     *     ({@code <reason> at line L column C}); Factotum Server prefixes it with
     *     {@code Validation Error: }
     */
    public static String compute(String factfileText, Map<String, String> tags) throws FactfileException {
        return compute(canonicalFactfile(factfileText), tags);
    }

    /**
     * The part of the id that depends on the text alone: the factfile re-encoded canonically, as
     * UTF-8. A caller that sees the same text often may keep it per text.
     *
     * @throws FactfileException as {@link #compute(String, Map)}
     */
    public static byte[] canonicalFactfile(String factfileText) throws FactfileException {
        JsonElement value;
        try {
            value = RustcJsonReader.parse(factfileText);
        } catch (JsonParseException e) {
            throw new FactfileException(serdeMessage(e), e);
        }
        return CanonicalJsonWriter.write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The id of a factfile given as {@link #canonicalFactfile(String)}, with these tags. */
    public static String compute(byte[] canonicalFactfile, Map<String, String> tags) {
        MessageDigest sha256 = sha256();
        sha256.update(canonicalFactfile);
        List<String> keys = new ArrayList<>(tags.keySet());
        keys.sort(CodePointOrder.INSTANCE);
        for (String key : keys) {
            sha256.update(key.getBytes(StandardCharsets.UTF_8));
            sha256.update(tags.get(key).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * serde_json 0.9's wording for a syntax error (inferred: in Factotum Server the dry run parses
     * the file first, so a job id is only computed for text Factotum accepted).
     */
    private static String serdeMessage(JsonParseException e) {
        String reason = switch (e.code()) {
            case EOF_WHILE_PARSING_OBJECT -> "EOF while parsing an object";
            case EOF_WHILE_PARSING_ARRAY -> "EOF while parsing a list";
            case EOF_WHILE_PARSING_VALUE -> "EOF while parsing a value";
            case EOF_WHILE_PARSING_STRING -> "EOF while parsing a string";
            case INVALID_SYNTAX -> "expected value";
            case TRAILING_COMMA -> "key must be a string";
            case INVALID_UNICODE_CODE_POINT -> "invalid unicode code point";
            case CONTROL_CHARACTER_IN_STRING -> "control character (\\u0000-\\u001F) found while parsing a string";
            case NESTING_TOO_DEEP -> "recursion limit exceeded";
            default -> e.code().text();
        };
        // serde counts the column of the last character read; rustc-serialize one further.
        return reason + " at line " + e.line() + " column " + (e.column() - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
