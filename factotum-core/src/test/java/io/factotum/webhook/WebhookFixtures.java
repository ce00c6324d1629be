package io.factotum.webhook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.engine.JobEvent;
import io.factotum.engine.JobRunState;
import io.factotum.engine.JobTransition;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import io.factotum.engine.TaskTransition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared test data: the echo sample's raw factfile, contexts and hand-built engine events. */
final class WebhookFixtures {
    /** samples/echo.factfile re-encoded compactly in Factotum's fixed field order (spec 1.6): 612 bytes. */
    static final String ECHO_RAW = "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\","
            + "\"data\":{\"name\":\"echo order demo\",\"tasks\":["
            + "{\"name\":\"echo alpha\",\"executor\":\"shell\",\"command\":\"echo\",\"arguments\":[\"alpha\"],"
            + "\"dependsOn\":[],\"onResult\":{\"terminateJobWithSuccess\":[3],\"continueJob\":[0]}},"
            + "{\"name\":\"echo beta\",\"executor\":\"shell\",\"command\":\"echo\",\"arguments\":[\"beta\"],"
            + "\"dependsOn\":[\"echo alpha\"],\"onResult\":{\"terminateJobWithSuccess\":[3],\"continueJob\":[0]}},"
            + "{\"name\":\"echo omega\",\"executor\":\"shell\",\"command\":\"echo\",\"arguments\":[\"and omega!\"],"
            + "\"dependsOn\":[\"echo beta\"],\"onResult\":{\"terminateJobWithSuccess\":[3],\"continueJob\":[0]}}]}}";

    static final String ECHO_JOB_REFERENCE = "c8abd9c2bb317fdec983bea8707bf01ae72b46d8d2e39317f31a442d360c068a";
    static final String ECHO_JOB_REFERENCE_ENV_PROD = "da17739cf0b19e6903886dbd3eb054fc2b18f1e252f427d36173d10bccf97c6e";
    static final String RUN_REFERENCE = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    /** Nanoseconds beyond the millisecond, which the payload's startTime must truncate. */
    static final Instant START = Instant.parse("2025-11-07T13:26:50.123987654Z");
    static final List<String> ECHO_TASKS = List.of("echo alpha", "echo beta", "echo omega");

    private WebhookFixtures() { }

    static WebhookContext echoContext() {
        return new WebhookContext("echo order demo", ECHO_RAW, Map.of(), START, RUN_REFERENCE,
                WebhookContext.DEFAULT_MAX_STDOUTERR_SIZE);
    }

    static WebhookContext echoContext(Map<String, String> tags, int maxStdouterrSize) {
        return new WebhookContext("echo order demo", ECHO_RAW, tags, START, RUN_REFERENCE, maxStdouterrSize);
    }

    /** The echo sample re-encoded from the fixture file, independently of {@link #ECHO_RAW}. */
    static String echoRawFromFixture() {
        JsonObject doc = JsonParser.parseString(read(repoRoot().resolve("testdata/factfiles/echo.factfile")))
                .getAsJsonObject();
        JsonObject data = doc.getAsJsonObject("data");
        StringBuilder raw = new StringBuilder("{\"schema\":").append(doc.get("schema"))
                .append(",\"data\":{\"name\":").append(data.get("name")).append(",\"tasks\":[");
        JsonArray tasks = data.getAsJsonArray("tasks");
        for (int i = 0; i < tasks.size(); i++) {
            JsonObject task = tasks.get(i).getAsJsonObject();
            JsonObject onResult = task.getAsJsonObject("onResult");
            raw.append(i > 0 ? "," : "")
                    .append("{\"name\":").append(task.get("name"))
                    .append(",\"executor\":").append(task.get("executor"))
                    .append(",\"command\":").append(task.get("command"))
                    .append(",\"arguments\":").append(compact(task.get("arguments")))
                    .append(",\"dependsOn\":").append(compact(task.get("dependsOn")))
                    .append(",\"onResult\":{\"terminateJobWithSuccess\":")
                    .append(compact(onResult.get("terminateJobWithSuccess")))
                    .append(",\"continueJob\":").append(compact(onResult.get("continueJob"))).append("}}");
        }
        return raw.append("]}}").toString();
    }

    static Path repoRoot() {
        String configured = System.getProperty("factotum.repo.root");
        if (configured != null && Files.isDirectory(Paths.get(configured, "testdata"))) {
            return Paths.get(configured);
        }
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("testdata"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository's testdata/ directory");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String compact(JsonElement element) {
        return element.toString(); // Gson's toString is compact; the fixture holds no escapes
    }

    // ---- hand-built engine events ----

    static TaskSnapshot waiting(String task) {
        return TaskSnapshot.waiting(task);
    }

    static TaskSnapshot running(String task, Instant started) {
        return new TaskSnapshot(task, TaskState.RUNNING, Optional.empty(), Optional.of(started), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static TaskSnapshot runningWithOutput(String task, Instant started, String stdout, String stderr) {
        return new TaskSnapshot(task, TaskState.RUNNING, Optional.empty(), Optional.of(started), Optional.empty(),
                Optional.ofNullable(stdout), Optional.ofNullable(stderr));
    }

    static TaskSnapshot finished(String task, TaskState state, Optional<String> reason, Instant started,
            TaskResult result) {
        return new TaskSnapshot(task, state, reason, Optional.of(started), Optional.of(result), Optional.empty(),
                Optional.empty());
    }

    static TaskSnapshot skipped(String task, String reason) {
        return new TaskSnapshot(task, TaskState.SKIPPED, Optional.of(reason), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static JobEvent jobEvent(JobRunState previous, JobRunState current, List<TaskSnapshot> tasks) {
        return new JobEvent(START, current, Optional.of(new JobTransition(previous, current)), List.of(), tasks,
                false);
    }

    static JobEvent taskEvent(List<TaskTransition> transitions, List<TaskSnapshot> tasks) {
        return new JobEvent(START, JobRunState.RUNNING, Optional.empty(), transitions, tasks, false);
    }

    static JobEvent heartbeat(List<TaskTransition> transitions, List<TaskSnapshot> tasks) {
        return new JobEvent(START, JobRunState.RUNNING, Optional.empty(), transitions, tasks, true);
    }

    static List<TaskSnapshot> allWaiting() {
        return ECHO_TASKS.stream().map(TaskSnapshot::waiting).toList();
    }

    /** The first event of every run: Started, everything WAITING. */
    static JobEvent started() {
        return jobEvent(null, JobRunState.WAITING, allWaiting());
    }
}
