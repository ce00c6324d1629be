package io.factotum.job;

import io.factotum.json.CanonicalJsonWriter;
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
        CanonicalJsonWriter.writeString(out, entry.state().name());
        out.append(",\"jobRequest\":{\"jobId\":");
        CanonicalJsonWriter.writeString(out, request.jobId());
        out.append(",\"jobName\":");
        CanonicalJsonWriter.writeString(out, request.jobName());
        out.append(",\"factfilePath\":");
        CanonicalJsonWriter.writeString(out, request.factfilePath());
        out.append(",\"factfileArgs\":[");
        for (int i = 0; i < request.factfileArgs().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            CanonicalJsonWriter.writeString(out, request.factfileArgs().get(i));
        }
        out.append("]},\"lastRunFrom\":");
        CanonicalJsonWriter.writeString(out, entry.lastRunFrom());
        out.append(",\"lastOutcome\":");
        CanonicalJsonWriter.writeString(out, entry.lastOutcome().name());
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
}
