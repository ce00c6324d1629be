package io.factotum.webhook;

import static io.factotum.webhook.WebhookFixtures.ECHO_RAW;
import static io.factotum.webhook.WebhookFixtures.START;
import static io.factotum.webhook.WebhookFixtures.echoContext;
import static io.factotum.webhook.WebhookFixtures.finished;
import static io.factotum.webhook.WebhookFixtures.jobEvent;
import static io.factotum.webhook.WebhookFixtures.running;
import static io.factotum.webhook.WebhookFixtures.runningWithOutput;
import static io.factotum.webhook.WebhookFixtures.skipped;
import static io.factotum.webhook.WebhookFixtures.taskEvent;
import static io.factotum.webhook.WebhookFixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.factotum.engine.JobEvent;
import io.factotum.engine.JobRunState;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import io.factotum.engine.TaskTransition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookPayloadsTest {
    private static final String ECHO_BASE64 = "eyJzY2hlbWEiOiJpZ2x1OmNvbS5zbm93cGxvd2FuYWx5dGljcy5mYWN0b3R1bS9mYWN0ZmlsZS9qc29uc2NoZW1hLzEtMC0wIiwiZGF0YSI6eyJuYW1lIjoiZWNobyBvcmRlciBkZW1vIiwidGFza3MiOlt7Im5hbWUiOiJlY2hvIGFscGhhIiwiZXhlY3V0b3IiOiJzaGVsbCIsImNvbW1hbmQiOiJlY2hvIiwiYXJndW1lbnRzIjpbImFscGhhIl0sImRlcGVuZHNPbiI6W10sIm9uUmVzdWx0Ijp7InRlcm1pbmF0ZUpvYldpdGhTdWNjZXNzIjpbM10sImNvbnRpbnVlSm9iIjpbMF19fSx7Im5hbWUiOiJlY2hvIGJldGEiLCJleGVjdXRvciI6InNoZWxsIiwiY29tbWFuZCI6ImVjaG8iLCJhcmd1bWVudHMiOlsiYmV0YSJdLCJkZXBlbmRzT24iOlsiZWNobyBhbHBoYSJdLCJvblJlc3VsdCI6eyJ0ZXJtaW5hdGVKb2JXaXRoU3VjY2VzcyI6WzNdLCJjb250aW51ZUpvYiI6WzBdfX0seyJuYW1lIjoiZWNobyBvbWVnYSIsImV4ZWN1dG9yIjoic2hlbGwiLCJjb21tYW5kIjoiZWNobyIsImFyZ3VtZW50cyI6WyJhbmQgb21lZ2EhIl0sImRlcGVuZHNPbiI6WyJlY2hvIGJldGEiXSwib25SZXN1bHQiOnsidGVybWluYXRlSm9iV2l0aFN1Y2Nlc3MiOlszXSwiY29udGludWVKb2IiOlswXX19XX19";

    /** Everything of the echo run's payloads that does not change between events. */
    private static final String ECHO_HEADER = "\"applicationContext\":{\"name\":\"factotum\",\"version\":\"0.7.0\"},"
            + "\"factfile\":\"" + ECHO_BASE64 + "\",\"jobName\":\"echo order demo\","
            + "\"jobReference\":\"c8abd9c2bb317fdec983bea8707bf01ae72b46d8d2e39317f31a442d360c068a\",";

    private static final Instant ALPHA_STARTED = Instant.parse("2025-11-07T13:26:50.200999Z");

    private final PayloadSchemas schemas = new PayloadSchemas();
    private final WebhookPayloads payloads = new WebhookPayloads(echoContext());

    @Test
    void firstEventOfTheEchoRunMatchesTheSpecExample() {
        String json = payloads.json(WebhookFixtures.started(), Duration.ofNanos(51_234));

        assertThat(json).isEqualTo("{\"schema\":\"iglu:com.snowplowanalytics.factotum/job_update/jsonschema/1-0-0\","
                + "\"data\":{" + ECHO_HEADER
                + "\"jobTransition\":{\"currentState\":\"WAITING\",\"previousState\":null},"
                + "\"runDuration\":\"PT0.000051234S\","
                + "\"runReference\":\"" + WebhookFixtures.RUN_REFERENCE + "\","
                + "\"runState\":\"WAITING\",\"startTime\":\"2025-11-07T13:26:50.123Z\",\"tags\":{},"
                + "\"taskStates\":[{\"state\":\"WAITING\",\"taskName\":\"echo alpha\"},"
                + "{\"state\":\"WAITING\",\"taskName\":\"echo beta\"},"
                + "{\"state\":\"WAITING\",\"taskName\":\"echo omega\"}]}}");
        assertThat(schemas.violations(json)).isEmpty();
    }

    @Test
    void completionOfEchoAlphaMatchesTheSpecExample() {
        TaskResult alpha = TaskResult.of(0, "alpha", "", Duration.ofNanos(2_345_678));
        JobEvent event = taskEvent(
                List.of(new TaskTransition("echo alpha", TaskState.RUNNING, TaskState.SUCCEEDED)),
                List.of(finished("echo alpha", TaskState.SUCCEEDED, Optional.empty(), ALPHA_STARTED, alpha),
                        waiting("echo beta"), waiting("echo omega")));

        String json = payloads.json(event, Duration.ofMillis(81));

        assertThat(json).isEqualTo("{\"schema\":\"iglu:com.snowplowanalytics.factotum/task_update/jsonschema/1-0-0\","
                + "\"data\":{" + ECHO_HEADER
                + "\"runDuration\":\"PT0.081S\","
                + "\"runReference\":\"" + WebhookFixtures.RUN_REFERENCE + "\","
                + "\"runState\":\"RUNNING\",\"startTime\":\"2025-11-07T13:26:50.123Z\",\"tags\":{},"
                + "\"taskStates\":[{\"duration\":\"PT0.002345678S\",\"returnCode\":0,"
                + "\"started\":\"2025-11-07T13:26:50.200Z\",\"state\":\"SUCCEEDED\",\"stdout\":\"alpha\","
                + "\"taskName\":\"echo alpha\"},"
                + "{\"state\":\"WAITING\",\"taskName\":\"echo beta\"},"
                + "{\"state\":\"WAITING\",\"taskName\":\"echo omega\"}],"
                + "\"taskTransitions\":[{\"currentState\":\"SUCCEEDED\",\"previousState\":\"RUNNING\","
                + "\"taskName\":\"echo alpha\"}]}}");
        assertThat(schemas.violations(json)).isEmpty();
    }

    @Test
    void headerFieldsComeFromTheContext() {
        WebhookContext context = echoContext(Map.of("env", "prod", "team", "data"), 10_000);
        JsonNode data = data(new WebhookPayloads(context).json(WebhookFixtures.started(), Duration.ZERO));

        assertThat(data.get("jobName").asText()).isEqualTo("echo order demo");
        assertThat(data.get("jobReference").asText()).isEqualTo(References.jobReference(ECHO_RAW, context.tags()));
        assertThat(data.get("runReference").asText()).isEqualTo(WebhookFixtures.RUN_REFERENCE);
        assertThat(data.get("startTime").asText()).isEqualTo("2025-11-07T13:26:50.123Z");
        assertThat(data.get("applicationContext").get("version").asText()).isEqualTo("0.7.0");
        assertThat(data.get("applicationContext").get("name").asText()).isEqualTo("factotum");
        assertThat(data.get("tags").toString()).isEqualTo("{\"env\":\"prod\",\"team\":\"data\"}");
        assertThat(data.get("runDuration").asText()).contains("PT0");
    }

    @Test
    void factfileIsBase64OfTheRawFactfileWithoutLineBreaks() {
        String factfile = data(payloads.json(WebhookFixtures.started(), Duration.ZERO)).get("factfile").asText();

        assertThat(factfile).isEqualTo(ECHO_BASE64).doesNotContain("\n").doesNotContain("\r");
        assertThat(new String(Base64.getDecoder().decode(factfile), StandardCharsets.UTF_8)).isEqualTo(ECHO_RAW);
    }

    @Test
    void withTagsTheJobReferenceIsTheTaggedOne() {
        WebhookContext context = echoContext(Map.of("env", "prod"), 10_000);
        String json = new WebhookPayloads(context).json(WebhookFixtures.started(), Duration.ZERO);

        assertThat(data(json).get("jobReference").asText()).isEqualTo(WebhookFixtures.ECHO_JOB_REFERENCE_ENV_PROD);
        assertThat(json).contains("\"tags\":{\"env\":\"prod\"}");
    }

    @Test
    void finishedJobIsSucceededWithoutFailuresAndFailedWithOne() {
        TaskResult ok = TaskResult.of(0, "", "", Duration.ZERO);
        List<TaskSnapshot> allGood = List.of(
                finished("echo alpha", TaskState.SUCCEEDED, Optional.empty(), ALPHA_STARTED, ok),
                finished("echo beta", TaskState.SUCCEEDED, Optional.empty(), ALPHA_STARTED, ok),
                finished("echo omega", TaskState.SUCCEEDED, Optional.empty(), ALPHA_STARTED, ok));
        String succeeded = payloads.json(jobEvent(JobRunState.RUNNING, JobRunState.SUCCEEDED, allGood), Duration.ofSeconds(1));

        String failureReason = "the task exited with a value not specified in continue_job - 1 "
                + "(task expects one of the following return codes to continue [0])";
        List<TaskSnapshot> oneFailed = List.of(
                finished("echo alpha", TaskState.FAILED, Optional.of(failureReason), ALPHA_STARTED,
                        TaskResult.of(1, "", "boom", Duration.ofSeconds(1))),
                skipped("echo beta", "the task 'echo alpha' failed"),
                skipped("echo omega", "the task 'echo alpha' failed"));
        String failed = payloads.json(jobEvent(JobRunState.RUNNING, JobRunState.FAILED, oneFailed), Duration.ofSeconds(1));

        assertThat(data(succeeded).get("runState").asText()).isEqualTo("SUCCEEDED");
        assertThat(data(succeeded).get("jobTransition").toString())
                .isEqualTo("{\"currentState\":\"SUCCEEDED\",\"previousState\":\"RUNNING\"}");
        assertThat(data(succeeded).has("taskTransitions")).isFalse();
        assertThat(data(failed).get("runState").asText()).isEqualTo("FAILED");
        assertThat(data(failed).get("runDuration").asText()).isEqualTo("PT1S");
        assertThat(schemas.violations(succeeded)).isEmpty();
        assertThat(schemas.violations(failed)).isEmpty();
    }

    @Test
    void waitingTaskHasOnlyItsNameAndState() {
        JsonNode task = taskStates(payloads.json(WebhookFixtures.started(), Duration.ZERO)).get(0);

        assertThat(fieldNames(task)).containsExactly("state", "taskName");
    }

    @Test
    void runningTaskHasItsStartButNoResult() {
        JobEvent event = taskEvent(List.of(new TaskTransition("echo alpha", TaskState.WAITING, TaskState.RUNNING)),
                List.of(running("echo alpha", ALPHA_STARTED), waiting("echo beta"), waiting("echo omega")));

        String json = payloads.json(event, Duration.ZERO);

        assertThat(taskStates(json).get(0).toString())
                .isEqualTo("{\"started\":\"2025-11-07T13:26:50.200Z\",\"state\":\"RUNNING\",\"taskName\":\"echo alpha\"}");
        assertThat(schemas.violations(json)).isEmpty();
    }

    @Test
    void finishedTaskCarriesDurationOutputAndReturnCode() {
        TaskResult result = TaskResult.of(0, "out \"quoted\"\nline two", "err\t1", Duration.ofSeconds(1));
        JsonNode task = taskStates(payloads.json(oneTaskEvent(
                finished("echo alpha", TaskState.SUCCEEDED, Optional.empty(), ALPHA_STARTED, result)), Duration.ZERO)).get(0);

        assertThat(fieldNames(task)).containsExactly("duration", "returnCode", "started", "state", "stderr", "stdout", "taskName");
        assertThat(task.get("duration").asText()).isEqualTo("PT1S");
        assertThat(task.get("returnCode").asInt()).isZero();
        assertThat(task.get("stdout").asText()).isEqualTo("out \"quoted\"\nline two");
        assertThat(task.get("stderr").asText()).isEqualTo("err\t1");
        assertThat(task.has("errorMessage")).isFalse();
    }

    @Test
    void zeroDurationIsPT0S() {
        JsonNode task = taskStates(payloads.json(oneTaskEvent(finished("echo alpha", TaskState.SUCCEEDED, Optional.empty(),
                ALPHA_STARTED, TaskResult.of(0, "", "", Duration.ZERO))), Duration.ZERO)).get(0);

        assertThat(task.get("duration").asText()).isEqualTo("PT0S");
        assertThat(task.has("stdout")).isFalse();
        assertThat(task.has("stderr")).isFalse();
    }

    @Test
    void failedTaskThatCouldNotRunReportsTheExecutionError() {
        String error = "Error executing process - No such file or directory (os error 2)";
        TaskSnapshot task = finished("echo alpha", TaskState.FAILED,
                Optional.of("the task exited with a value not specified in continue_job - -1 "
                        + "(task expects one of the following return codes to continue [0])"),
                ALPHA_STARTED, TaskResult.failedToRun(error, Duration.ofNanos(1_500)));

        String json = payloads.json(oneTaskEvent(task), Duration.ZERO);
        JsonNode item = taskStates(json).get(0);

        assertThat(item.get("errorMessage").asText()).isEqualTo(error);
        assertThat(item.get("returnCode").asInt()).isEqualTo(-1);
        assertThat(item.get("duration").asText()).isEqualTo("PT0.000001500S");
        assertThat(schemas.violations(json)).isEmpty();
    }

    @Test
    void failedTaskWithoutExecutionErrorReportsTheFailureReason() {
        String reason = "the task exited with a value not specified in continue_job - 0 "
                + "(task expects one of the following return codes to continue [1])";
        TaskSnapshot task = finished("echo alpha", TaskState.FAILED, Optional.of(reason), ALPHA_STARTED,
                TaskResult.of(0, "", "", Duration.ofMillis(3)));

        assertThat(taskStates(payloads.json(oneTaskEvent(task), Duration.ZERO)).get(0).get("errorMessage").asText())
                .isEqualTo(reason);
    }

    @Test
    void skippedTaskReportsItsAccumulatedReason() {
        String reason = "the task 'apple' failed, the task 'turnip' failed";
        JobEvent event = taskEvent(List.of(new TaskTransition("echo beta", TaskState.SKIPPED, TaskState.SKIPPED)),
                List.of(waiting("echo alpha"), skipped("echo beta", reason), waiting("echo omega")));

        String json = payloads.json(event, Duration.ZERO);

        assertThat(taskStates(json).get(1).toString())
                .isEqualTo("{\"errorMessage\":\"" + reason + "\",\"state\":\"SKIPPED\",\"taskName\":\"echo beta\"}");
        assertThat(schemas.violations(json)).isEmpty();
    }

    @Test
    void noOpTaskIsSucceededNoOp() {
        TaskSnapshot task = finished("echo alpha", TaskState.SUCCEEDED_NO_OP, Optional.empty(), ALPHA_STARTED,
                TaskResult.of(3, "", "", Duration.ofMillis(1)));
        JobEvent event = taskEvent(List.of(
                        new TaskTransition("echo alpha", TaskState.RUNNING, TaskState.SUCCEEDED_NO_OP),
                        new TaskTransition("echo beta", TaskState.WAITING, TaskState.SKIPPED),
                        new TaskTransition("echo omega", TaskState.WAITING, TaskState.SKIPPED)),
                List.of(task, skipped("echo beta", "the task 'echo alpha' requested early termination"),
                        skipped("echo omega", "the task 'echo alpha' requested early termination")));

        String json = payloads.json(event, Duration.ZERO);

        assertThat(taskStates(json).get(0).get("state").asText()).isEqualTo("SUCCEEDED_NO_OP");
        assertThat(taskStates(json).get(0).has("errorMessage")).isFalse();
        assertThat(data(json).get("taskTransitions")).hasSize(3);
        assertThat(schemas.violations(json)).isEmpty();
    }

    @Test
    void outputOver10000CharactersKeepsTheTailAndExactly10000IsUnchanged() {
        String big = "X".repeat(20_000) + "tail";
        String exact = "Y".repeat(10_000);
        TaskSnapshot task = finished("echo alpha", TaskState.SUCCEEDED, Optional.empty(), ALPHA_STARTED,
                TaskResult.of(0, big, exact, Duration.ZERO));

        String json = payloads.json(oneTaskEvent(task), Duration.ZERO);
        JsonNode item = taskStates(json).get(0);

        assertThat(item.get("stdout").asText()).isEqualTo("X".repeat(9_996) + "tail");
        assertThat(item.get("stderr").asText()).isEqualTo(exact);
        assertThat(schemas.violations(json)).isEmpty();
    }

    @Test
    void maxStdouterrSizeZeroSendsEmptyButPresentOutput() {
        WebhookPayloads zero = new WebhookPayloads(echoContext(Map.of(), 0));
        TaskSnapshot task = finished("echo alpha", TaskState.SUCCEEDED, Optional.empty(), ALPHA_STARTED,
                TaskResult.of(0, "alpha", "warn", Duration.ZERO));

        JsonNode item = taskStates(zero.json(oneTaskEvent(task), Duration.ZERO)).get(0);

        assertThat(item.get("stdout").asText()).isEmpty();
        assertThat(item.get("stderr").asText()).isEmpty();
    }

    @Test
    void heartbeatCarriesTheLiveOutputOfRunningTasks() {
        JobEvent heartbeat = WebhookFixtures.heartbeat(
                List.of(new TaskTransition("echo beta", TaskState.RUNNING, TaskState.RUNNING),
                        new TaskTransition("echo omega", TaskState.RUNNING, TaskState.RUNNING)),
                List.of(finished("echo alpha", TaskState.SUCCEEDED, Optional.empty(), ALPHA_STARTED,
                                TaskResult.of(0, "alpha", "", Duration.ofMillis(2))),
                        runningWithOutput("echo beta", ALPHA_STARTED, "tick 1\ntick 2", "warn"),
                        runningWithOutput("echo omega", ALPHA_STARTED, "", null)));

        String json = payloads.json(heartbeat, Duration.ofSeconds(5));
        JsonNode states = taskStates(json);

        assertThat(json).startsWith("{\"schema\":\"" + WebhookPayloads.TASK_UPDATE_SCHEMA + "\"");
        assertThat(states.get(0).get("stdout").asText()).isEqualTo("alpha");
        assertThat(states.get(1).toString()).isEqualTo("{\"started\":\"2025-11-07T13:26:50.200Z\",\"state\":\"RUNNING\","
                + "\"stderr\":\"warn\",\"stdout\":\"tick 1\\ntick 2\",\"taskName\":\"echo beta\"}");
        assertThat(fieldNames(states.get(2))).containsExactly("started", "state", "taskName");
        assertThat(data(json).get("taskTransitions").toString())
                .isEqualTo("[{\"currentState\":\"RUNNING\",\"previousState\":\"RUNNING\",\"taskName\":\"echo beta\"},"
                        + "{\"currentState\":\"RUNNING\",\"previousState\":\"RUNNING\",\"taskName\":\"echo omega\"}]");
        assertThat(schemas.violations(json)).isEmpty();
    }

    @Test
    void liveOutputIsTruncatedLikeCapturedOutput() {
        WebhookPayloads small = new WebhookPayloads(echoContext(Map.of(), 4));
        JsonNode item = taskStates(small.json(oneTaskEvent(
                runningWithOutput("echo alpha", ALPHA_STARTED, "line 1\nline 2", null)), Duration.ZERO)).get(0);

        assertThat(item.get("stdout").asText()).isEqualTo("ne 2");
    }

    @Test
    void everyKeyInsideDataIsInByteOrder() {
        TaskSnapshot task = finished("echo alpha", TaskState.FAILED, Optional.of("reason"), ALPHA_STARTED,
                TaskResult.of(2, "o", "e", Duration.ofMillis(1)));
        JsonNode data = data(payloads.json(oneTaskEvent(task), Duration.ZERO));

        assertThat(fieldNames(data)).isSorted()
                .containsExactly("applicationContext", "factfile", "jobName", "jobReference", "runDuration",
                        "runReference", "runState", "startTime", "tags", "taskStates", "taskTransitions");
        assertThat(fieldNames(data.get("taskStates").get(0))).isSorted();
        assertThat(fieldNames(data.get("taskTransitions").get(0))).containsExactly("currentState", "previousState", "taskName");
    }

    @Test
    void textIsEscapedAsInTheRawFactfile() {
        WebhookContext context = new WebhookContext("name \"with\" \\ / é\u0001", ECHO_RAW, Map.of("k\n", "v\u007f"),
                START, WebhookFixtures.RUN_REFERENCE, 10_000);

        String json = new WebhookPayloads(context).json(WebhookFixtures.started(), Duration.ZERO);

        assertThat(json).contains("\"jobName\":\"name \\\"with\\\" \\\\ / é\\u0001\"")
                .contains("\"tags\":{\"k\\n\":\"v\\u007f\"}");
        assertThat(data(json).get("jobName").asText()).isEqualTo(context.jobName());
    }

    @Test
    void runDurationIsFilledInLaterAndMayBeNegative() {
        WebhookPayload payload = payloads.payload(WebhookFixtures.started());

        assertThat(payload.startTime()).isEqualTo(START);
        assertThat(payload.jsonAt(START.plusSeconds(2))).contains("\"runDuration\":\"PT2S\"");
        assertThat(payload.jsonAt(START.minusMillis(5))).contains("\"runDuration\":\"-PT0.005S\"");
        assertThat(payload.json(Duration.ofDays(1))).contains("\"runDuration\":\"P1D\"");
    }

    @Test
    void emptyJobPayloadsValidate() {
        WebhookPayloads empty = new WebhookPayloads(new WebhookContext("empty", "{}", Map.of(), START,
                WebhookFixtures.RUN_REFERENCE, 10_000));
        String first = empty.json(new JobEvent(START, JobRunState.WAITING,
                Optional.of(new io.factotum.engine.JobTransition(null, JobRunState.WAITING)), List.of(), List.of(), false),
                Duration.ZERO);

        assertThat(first).contains("\"taskStates\":[]");
        assertThat(schemas.violations(first)).isEmpty();
    }

    @Test
    void theSchemaCheckCanFail() {
        String json = payloads.json(WebhookFixtures.started(), Duration.ZERO)
                .replace("\"state\":\"WAITING\"", "\"state\":\"PAUSED\"");

        assertThat(schemas.violations(json)).isNotEmpty();
        String badTime = payloads.json(WebhookFixtures.started(), Duration.ZERO)
                .replace("2025-11-07T13:26:50.123Z", "yesterday");
        assertThat(schemas.violations(badTime)).isNotEmpty();
    }

    private static JobEvent oneTaskEvent(TaskSnapshot task) {
        return taskEvent(List.of(new TaskTransition(task.taskName(), TaskState.RUNNING, task.state())),
                List.of(task, waiting("echo beta"), waiting("echo omega")));
    }

    private static JsonNode data(String json) {
        return PayloadSchemas.parse(json).get("data");
    }

    private static JsonNode taskStates(String json) {
        return data(json).get("taskStates");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
