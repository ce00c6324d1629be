package io.factotum.job;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Factotum Server's JSON form of a {@link JobEntry} (server spec section 7), byte for byte:
 * compact, fields in the order {@code state, jobRequest{jobId, jobName, factfilePath, factfileArgs},
 * lastRunFrom, lastOutcome}, strings escaped as serde_json escapes them.
 *
 * <p>Written by hand rather than through Gson because Gson escapes differently (HTML characters and
 * U+2028/U+2029) and its field order follows reflection, not the original's struct order.
 */
public final class JobEntryJson {
    private JobEntryJson() {
    }

    /** The entry as the original server writes it to Consul. */
    public static String encode(JobEntry entry) {
        JobRequest request = entry.jobRequest();
        StringBuilder out = new StringBuilder(128 + request.factfilePath().length());
        out.append("{\"state\":");
        appendString(out, entry.state().name());
        out.append(",\"jobRequest\":{\"jobId\":");
        appendString(out, request.jobId());
        out.append(",\"jobName\":");
        appendString(out, request.jobName());
        out.append(",\"factfilePath\":");
        appendString(out, request.factfilePath());
        out.append(",\"factfileArgs\":[");
        for (int i = 0; i < request.factfileArgs().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendString(out, request.factfileArgs().get(i));
        }
        out.append("]},\"lastRunFrom\":");
        appendString(out, entry.lastRunFrom());
        out.append(",\"lastOutcome\":");
        appendString(out, entry.lastOutcome().name());
        return out.append('}').toString();
    }

    /**
     * Reads an entry in any field order, ignoring unknown fields (as serde does); a missing
     * {@code jobId} reads as {@code ""} ({@code #[serde(default)]} in the original).
     *
     * @throws IllegalArgumentException if the text is not a valid entry
     */
    public static JobEntry decode(String json) {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            JsonObject request = root.getAsJsonObject("jobRequest");
            if (request == null) {
                throw new IllegalArgumentException("missing field `jobRequest`");
            }
            List<String> args = new ArrayList<>();
            for (JsonElement arg : array(request, "factfileArgs")) {
                args.add(arg.getAsString());
            }
            JsonElement jobId = request.get("jobId");
            JobRequest jobRequest = new JobRequest(jobId == null ? "" : jobId.getAsString(),
                    string(request, "jobName"), string(request, "factfilePath"), args);
            return new JobEntry(JobState.valueOf(string(root, "state")), jobRequest,
                    string(root, "lastRunFrom"), LastOutcome.valueOf(string(root, "lastOutcome")));
        } catch (JsonParseException | IllegalStateException | ClassCastException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("Not a Factotum job entry: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null || !value.isJsonPrimitive()) {
            throw new IllegalArgumentException("missing field `" + field + "`");
        }
        return value.getAsString();
    }

    private static JsonArray array(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null || !value.isJsonArray()) {
            throw new IllegalArgumentException("missing field `" + field + "`");
        }
        return value.getAsJsonArray();
    }

    /**
     * serde_json's escaping: {@code "} and {@code \}, the short forms {@code \b \t \n \f \r}, other
     * control characters below U+0020 as backslash-u-00xx (lower-case hex); everything else, including
     * {@code /}, DEL and non-ASCII, is written as is.
     */
    static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
