package io.factotum.store;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.engine.TaskState;
import io.factotum.job.JobRun;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * JSON forms of the store's own records (runs, claims, nodes, outbox events), shared by the durable
 * backends. Job entries use {@link io.factotum.job.JobEntryJson}, the original server's format.
 *
 * <p>Explicit codecs rather than Gson reflection: Gson 2.13 does bind records, but not
 * {@code Optional} or {@code java.time} types without adapters (JDK 17 forbids its reflective access
 * to them), and a hand-written mapping keeps the stored format independent of field renames.
 * Instants and durations are ISO-8601 strings; absent optionals are omitted.
 */
public final class StoreJson {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private StoreJson() {
    }

    public static String encodeRun(JobRun run) {
        JsonObject o = new JsonObject();
        o.addProperty("jobId", run.jobId());
        o.addProperty("runReference", run.runReference());
        o.addProperty("nodeId", run.nodeId());
        o.addProperty("startedAt", run.startedAt().toString());
        run.finishedAt().ifPresent(t -> o.addProperty("finishedAt", t.toString()));
        run.outcome().ifPresent(x -> o.addProperty("outcome", x.name()));
        JsonArray tasks = new JsonArray();
        for (TaskRun task : run.tasks()) {
            JsonObject t = new JsonObject();
            t.addProperty("taskName", task.taskName());
            t.addProperty("state", task.state().name());
            task.returnCode().ifPresent(c -> t.addProperty("returnCode", c));
            task.started().ifPresent(s -> t.addProperty("started", s.toString()));
            task.duration().ifPresent(d -> t.addProperty("duration", d.toString()));
            task.errorMessage().ifPresent(m -> t.addProperty("errorMessage", m));
            task.stdout().ifPresent(s -> t.addProperty("stdout", s));
            task.stderr().ifPresent(s -> t.addProperty("stderr", s));
            tasks.add(t);
        }
        o.add("tasks", tasks);
        return GSON.toJson(o);
    }

    public static JobRun decodeRun(String json) {
        JsonObject o = parse(json);
        List<TaskRun> tasks = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("tasks")) {
            JsonObject t = e.getAsJsonObject();
            tasks.add(new TaskRun(string(t, "taskName"), TaskState.valueOf(string(t, "state")),
                    optional(t, "returnCode", JsonElement::getAsInt),
                    optional(t, "started", x -> Instant.parse(x.getAsString())),
                    optional(t, "duration", x -> Duration.parse(x.getAsString())),
                    optional(t, "errorMessage", JsonElement::getAsString),
                    optional(t, "stdout", JsonElement::getAsString),
                    optional(t, "stderr", JsonElement::getAsString)));
        }
        return new JobRun(string(o, "jobId"), string(o, "runReference"), string(o, "nodeId"),
                Instant.parse(string(o, "startedAt")),
                optional(o, "finishedAt", x -> Instant.parse(x.getAsString())),
                optional(o, "outcome", x -> RunOutcome.valueOf(x.getAsString())), tasks);
    }

    /**
     * A stored run's {@code startedAt} alone, read up to that field and no further: {@link
     * #encodeRun} writes it before the tasks and their output, so listing many jobs' last run times
     * does not decode every task's output.
     *
     * @throws StoreFormatException if the text is not a run's JSON
     */
    public static Instant runStartedAt(java.io.Reader json) {
        try (com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(json)) {
            reader.beginObject();
            while (reader.hasNext()) {
                if (reader.nextName().equals("startedAt")) {
                    return Instant.parse(reader.nextString());
                }
                reader.skipValue();
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new StoreFormatException("Stored run is not valid JSON: " + e.getMessage(), e);
        }
        throw new StoreFormatException("Stored record lacks the field 'startedAt'");
    }

    public static String encodeClaim(Claim claim) {
        JsonObject o = new JsonObject();
        o.addProperty("jobId", claim.jobId());
        o.addProperty("nodeId", claim.nodeId());
        o.addProperty("token", claim.token());
        o.addProperty("claimedAt", claim.claimedAt().toString());
        o.addProperty("leaseExpiresAt", claim.leaseExpiresAt().toString());
        return GSON.toJson(o);
    }

    public static Claim decodeClaim(String json) {
        JsonObject o = parse(json);
        return new Claim(string(o, "jobId"), string(o, "nodeId"), string(o, "token"),
                Instant.parse(string(o, "claimedAt")), Instant.parse(string(o, "leaseExpiresAt")));
    }

    public static String encodeNode(NodeLease node) {
        JsonObject o = new JsonObject();
        o.addProperty("nodeId", node.nodeId());
        o.addProperty("firstSeen", node.firstSeen().toString());
        o.addProperty("lastHeartbeat", node.lastHeartbeat().toString());
        o.addProperty("expiresAt", node.expiresAt().toString());
        return GSON.toJson(o);
    }

    public static NodeLease decodeNode(String json) {
        JsonObject o = parse(json);
        return new NodeLease(string(o, "nodeId"), Instant.parse(string(o, "firstSeen")),
                Instant.parse(string(o, "lastHeartbeat")), Instant.parse(string(o, "expiresAt")));
    }

    public static String encodeOutboxEntry(OutboxEntry entry) {
        JsonObject o = new JsonObject();
        o.addProperty("sequence", entry.sequence());
        o.addProperty("jobId", entry.jobId());
        o.addProperty("destination", entry.destination());
        o.addProperty("payload", entry.payload());
        o.addProperty("createdAt", entry.createdAt().toString());
        return GSON.toJson(o);
    }

    public static OutboxEntry decodeOutboxEntry(String json) {
        JsonObject o = parse(json);
        return new OutboxEntry(o.get("sequence").getAsLong(), string(o, "jobId"), string(o, "destination"),
                string(o, "payload"), Instant.parse(string(o, "createdAt")));
    }

    private static JsonObject parse(String json) {
        try {
            return JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new StoreFormatException("Stored record is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject o, String field) {
        JsonElement value = o.get(field);
        if (value == null || value.isJsonNull()) {
            throw new StoreFormatException("Stored record lacks the field '" + field + "'");
        }
        return value.getAsString();
    }

    private static <T> Optional<T> optional(JsonObject o, String field, Function<JsonElement, T> read) {
        JsonElement value = o.get(field);
        return value == null || value.isJsonNull() ? Optional.empty() : Optional.of(read.apply(value));
    }
}
