package io.factotum.server.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.job.JobEntry;
import io.factotum.job.JobEntryJson;
import io.factotum.job.JobRun;
import io.factotum.job.TaskRun;
import java.time.Instant;
import java.util.Optional;

/** The JSON forms of jobs and runs in responses. */
final class JobJson {
    private JobJson() {
    }

    /** The stored entry exactly as the original's {@code /check} returns it (field order kept). */
    static JsonObject entry(JobEntry entry) {
        return JsonParser.parseString(JobEntryJson.encode(entry)).getAsJsonObject();
    }

    static JsonObject run(JobRun run) {
        JsonObject o = new JsonObject();
        o.addProperty("runReference", run.runReference());
        o.addProperty("nodeId", run.nodeId());
        o.addProperty("startedAt", run.startedAt().toString());
        o.add("finishedAt", instant(run.finishedAt()));
        o.add("outcome", run.outcome().<JsonElement>map(x -> new com.google.gson.JsonPrimitive(x.name()))
                .orElse(JsonNull.INSTANCE));
        JsonArray tasks = new JsonArray();
        for (TaskRun t : run.tasks()) {
            tasks.add(task(t));
        }
        o.add("tasks", tasks);
        return o;
    }

    private static JsonObject task(TaskRun t) {
        JsonObject o = new JsonObject();
        o.addProperty("taskName", t.taskName());
        o.addProperty("state", t.state().name());
        o.add("returnCode", t.returnCode().<JsonElement>map(com.google.gson.JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        o.add("startedAt", instant(t.started()));
        o.add("durationMillis", t.duration().<JsonElement>map(d -> new com.google.gson.JsonPrimitive(d.toMillis()))
                .orElse(JsonNull.INSTANCE));
        o.add("errorMessage", t.errorMessage().<JsonElement>map(com.google.gson.JsonPrimitive::new)
                .orElse(JsonNull.INSTANCE));
        return o;
    }

    private static JsonElement instant(Optional<Instant> at) {
        return at.<JsonElement>map(i -> new com.google.gson.JsonPrimitive(i.toString())).orElse(JsonNull.INSTANCE);
    }
}
