package io.factotum.bench.jmh;

import com.google.gson.Gson;
import io.factotum.engine.JobEvent;
import io.factotum.engine.JobRunState;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import io.factotum.engine.TaskTransition;
import io.factotum.job.JobEntry;
import io.factotum.job.JobEntryJson;
import io.factotum.job.JobRequest;
import io.factotum.job.JobRun;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import io.factotum.store.StoreJson;
import io.factotum.webhook.WebhookContext;
import io.factotum.webhook.WebhookPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Payload serialisation on the hot path: a {@code task_update} webhook of a 10-task run
 * ({@link WebhookPayloads}), the stored job entry ({@link JobEntryJson}) and a finished 10-task run
 * ({@link StoreJson}), each against Gson's {@code toJson} of a map holding the same fields: a
 * general-purpose serialiser with no ordering or escaping rules to follow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PayloadBenchmark {
    private static final int TASKS = 10;
    private static final Instant START = Instant.parse("2026-12-02T12:00:00.123Z");
    private static final String JOB_ID = "a".repeat(64);

    private final Gson gson = new Gson();
    private WebhookPayloads payloads;
    private JobEvent event;
    private JobEntry entry;
    private JobRun run;
    private Map<String, Object> webhookMap;
    private Map<String, Object> entryMap;
    private Map<String, Object> runMap;

    @Setup
    public void setUp() {
        String raw = BenchFactfiles.small();
        WebhookContext context = new WebhookContext("bench job", raw, Map.of("client", "bench"), START,
                "7b0d4d2e-8a3b-4c55-9f4e-2a1d5c6e7f80", WebhookContext.DEFAULT_MAX_STDOUTERR_SIZE);
        payloads = new WebhookPayloads(context);
        List<TaskSnapshot> snapshots = new ArrayList<>();
        List<TaskRun> taskRuns = new ArrayList<>();
        List<Map<String, Object>> snapshotMaps = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            TaskResult result = TaskResult.of(0, "output of task " + i + "\n", "", Duration.ofMillis(12 + i));
            snapshots.add(new TaskSnapshot("task-" + i, TaskState.SUCCEEDED, Optional.empty(),
                    Optional.of(START.plusMillis(i)), Optional.of(result), Optional.empty(), Optional.empty()));
            taskRuns.add(new TaskRun("task-" + i, TaskState.SUCCEEDED, Optional.of(0),
                    Optional.of(START.plusMillis(i)), Optional.of(Duration.ofMillis(12 + i)), Optional.empty(),
                    Optional.of("output of task " + i + "\n"), Optional.empty()));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("taskName", "task-" + i);
            item.put("state", "SUCCEEDED");
            item.put("started", START.plusMillis(i).toString());
            item.put("duration", Duration.ofMillis(12 + i).toString());
            item.put("returnCode", 0);
            item.put("stdout", "output of task " + i + "\n");
            snapshotMaps.add(item);
        }
        event = new JobEvent(START.plusSeconds(1), JobRunState.RUNNING, Optional.empty(),
                List.of(new TaskTransition("task-9", TaskState.RUNNING, TaskState.SUCCEEDED)), snapshots, false);

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("applicationContext", Map.of("name", "factotum", "version", "0.7.0"));
        data.put("factfile", Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
        data.put("jobName", "bench job");
        data.put("jobReference", JOB_ID);
        data.put("runDuration", "PT1S");
        data.put("runReference", "7b0d4d2e-8a3b-4c55-9f4e-2a1d5c6e7f80");
        data.put("runState", "RUNNING");
        data.put("startTime", START.toString());
        data.put("tags", Map.of("client", "bench"));
        data.put("taskStates", snapshotMaps);
        data.put("taskTransitions", List.of(Map.of("taskName", "task-9", "previousState", "RUNNING",
                "currentState", "SUCCEEDED")));
        webhookMap = new LinkedHashMap<>();
        webhookMap.put("schema", WebhookPayloads.TASK_UPDATE_SCHEMA);
        webhookMap.put("data", data);

        List<String> args = List.of("--tag", "client,bench", "--webhook", "http://127.0.0.1:9/hook");
        entry = new JobEntry(io.factotum.job.JobState.QUEUED, new JobRequest(JOB_ID, "bench job",
                "/srv/factfiles/bench.factfile", args), "node-1", io.factotum.job.LastOutcome.WAITING);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jobId", JOB_ID);
        request.put("jobName", "bench job");
        request.put("factfilePath", "/srv/factfiles/bench.factfile");
        request.put("factfileArgs", args);
        entryMap = new LinkedHashMap<>();
        entryMap.put("state", "QUEUED");
        entryMap.put("jobRequest", request);
        entryMap.put("lastRunFrom", "node-1");
        entryMap.put("lastOutcome", "WAITING");

        run = new JobRun(JOB_ID, "7b0d4d2e-8a3b-4c55-9f4e-2a1d5c6e7f80", "node-1", START,
                Optional.of(START.plusSeconds(1)), Optional.of(RunOutcome.SUCCEEDED), taskRuns);
        runMap = new LinkedHashMap<>();
        runMap.put("jobId", JOB_ID);
        runMap.put("runReference", "7b0d4d2e-8a3b-4c55-9f4e-2a1d5c6e7f80");
        runMap.put("nodeId", "node-1");
        runMap.put("startedAt", START.toString());
        runMap.put("finishedAt", START.plusSeconds(1).toString());
        runMap.put("outcome", "SUCCEEDED");
        runMap.put("tasks", snapshotMaps);
    }

    @Benchmark
    @ComparedWith("gsonWebhookMap")
    public String webhookPayload() {
        return payloads.json(event, Duration.ofSeconds(1));
    }

    @Benchmark
    public String gsonWebhookMap() {
        return gson.toJson(webhookMap);
    }

    @Benchmark
    @ComparedWith("gsonJobEntryMap")
    public String jobEntry() {
        return JobEntryJson.encode(entry);
    }

    @Benchmark
    public String gsonJobEntryMap() {
        return gson.toJson(entryMap);
    }

    @Benchmark
    @ComparedWith("gsonRunMap")
    public String storedRun() {
        return StoreJson.encodeRun(run);
    }

    @Benchmark
    public String gsonRunMap() {
        return gson.toJson(runMap);
    }
}
