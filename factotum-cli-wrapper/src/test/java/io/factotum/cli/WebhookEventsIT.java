package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.gson.JsonObject;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.factotum.cli.Factotum.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook events of real {@code bin/factotum run --webhook} runs, received over loopback: every body
 * validates against Factotum's own job_update / task_update schemas (testdata/schemas) and the events
 * arrive in the order of spec section 5.1, for a success, a failure with skips and an early finish.
 */
class WebhookEventsIT {
    private static final String JOB_UPDATE = "iglu:com.snowplowanalytics.factotum/job_update/jsonschema/1-0-0";
    private static final String TASK_UPDATE = "iglu:com.snowplowanalytics.factotum/task_update/jsonschema/1-0-0";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema JOB_UPDATE_SCHEMA = loadSchema("job_transition_self_desc.json");
    private static final JsonSchema TASK_UPDATE_SCHEMA = loadSchema("task_transition_self_desc.json");

    @TempDir
    Path dir;

    @Test
    void anEmptyJobSendsThreeJobEvents() throws Exception {
        // Factotum 0.7.0 reports the start of the one empty group it sequences (spec 5.1, issue 7 item 12).
        Path factfile = dir.resolve("empty.factfile");
        Files.writeString(factfile, SampleFactfiles.job("empty", List.of()));
        List<JsonNode> events = run(factfile, 0);

        assertSequence(events, List.of(
                exact(job(null, "WAITING")),
                exact(job("WAITING", "RUNNING")),
                exact(job("RUNNING", "SUCCEEDED"))));
        assertEveryEvent(events, List.of());
    }

    @Test
    void successSendsEachTasksStartAndFinishInTurn() throws Exception {
        List<JsonNode> events = run("echo", 0);

        assertSequence(events, List.of(
                exact(job(null, "WAITING")),
                exact(job("WAITING", "RUNNING")),
                exact(task("echo alpha:WAITING->RUNNING")),
                exact(task("echo alpha:RUNNING->SUCCEEDED")),
                exact(task("echo beta:WAITING->RUNNING")),
                exact(task("echo beta:RUNNING->SUCCEEDED")),
                exact(task("echo omega:WAITING->RUNNING")),
                exact(task("echo omega:RUNNING->SUCCEEDED")),
                exact(job("RUNNING", "SUCCEEDED"))));
        assertEveryEvent(events, List.of("echo alpha", "echo beta", "echo omega"));
        // Spec 5.4 test vector: echo.factfile without tags.
        assertThat(events.get(0).get("data").get("jobReference").asText())
                .isEqualTo("c8abd9c2bb317fdec983bea8707bf01ae72b46d8d2e39317f31a442d360c068a");

        JsonNode last = events.get(events.size() - 1).get("data");
        assertThat(last.get("runState").asText()).isEqualTo("SUCCEEDED");
        Map<String, JsonNode> states = taskStates(last);
        assertFinished(states.get("echo alpha"), "SUCCEEDED", 0);
        assertThat(states.get("echo alpha").get("stdout").asText()).isEqualTo("alpha");
        assertFinished(states.get("echo beta"), "SUCCEEDED", 0);
        assertThat(states.get("echo beta").get("stdout").asText()).isEqualTo("beta");
        assertFinished(states.get("echo omega"), "SUCCEEDED", 0);
        assertThat(states.get("echo omega").get("stdout").asText()).isEqualTo("and omega!");
        states.values().forEach(s -> assertThat(s.has("errorMessage")).as(s.toString()).isFalse());
    }

    @Test
    void failureSkipsItsDescendantInTheSameEventWhileSiblingsFinishInAnyOrder() throws Exception {
        List<JsonNode> events = run("concurrent-with-failures", 2);

        // Level 1 (reverse file order, spec 1.5/4.1) runs concurrently: its three completions may
        // arrive in any order, but each carries its own transition first, then its descendants' skips.
        assertSequence(events, List.of(
                exact(job(null, "WAITING")),
                exact(job("WAITING", "RUNNING")),
                exact(task("init:WAITING->RUNNING")),
                exact(task("init:RUNNING->SUCCEEDED")),
                exact(task("slow-success-task:WAITING->RUNNING", "failing-task:WAITING->RUNNING",
                        "success-task:WAITING->RUNNING")),
                anyOrder(
                        task("slow-success-task:RUNNING->SUCCEEDED"),
                        task("failing-task:RUNNING->FAILED", "should-be-skipped:WAITING->SKIPPED"),
                        task("success-task:RUNNING->SUCCEEDED")),
                // Level 2 holds only the skipped task, so it sends nothing.
                exact(job("RUNNING", "FAILED"))));
        assertEveryEvent(events, List.of("init", "slow-success-task", "failing-task", "success-task",
                "should-be-skipped"));

        JsonNode last = events.get(events.size() - 1).get("data");
        assertThat(last.get("runState").asText()).isEqualTo("FAILED");
        Map<String, JsonNode> states = taskStates(last);
        assertFinished(states.get("init"), "SUCCEEDED", 0);
        assertThat(states.get("init").get("stdout").asText()).isEqualTo("Initializing...");
        assertFinished(states.get("success-task"), "SUCCEEDED", 0);
        assertThat(states.get("success-task").get("stdout").asText()).isEqualTo("Processing...\nSuccess!");
        assertFinished(states.get("slow-success-task"), "SUCCEEDED", 0);
        assertThat(states.get("slow-success-task").get("stdout").asText()).endsWith("Done!");
        JsonNode failing = states.get("failing-task");
        assertFinished(failing, "FAILED", 1);
        assertThat(failing.get("errorMessage").asText()).isEqualTo("the task exited with a value not specified in"
                + " continue_job - 1 (task expects one of the following return codes to continue [0])");
        assertThat(failing.get("stdout").asText()).isEqualTo("Starting work...");
        assertThat(failing.get("stderr").asText()).isEqualTo("Error encountered!");
        assertSkipped(states.get("should-be-skipped"), "the task 'failing-task' failed");
    }

    @Test
    void earlyFinishSkipsOnlyTheDescendantsAndTheJobSucceeds() throws Exception {
        List<JsonNode> events = run("noop", 0);

        assertSequence(events, List.of(
                exact(job(null, "WAITING")),
                exact(job("WAITING", "RUNNING")),
                exact(task("echo alpha:WAITING->RUNNING")),
                exact(task("echo alpha:RUNNING->SUCCEEDED")),
                exact(task("exit:WAITING->RUNNING")),
                exact(task("exit:RUNNING->SUCCEEDED_NO_OP", "this will never run!:WAITING->SKIPPED")),
                exact(job("RUNNING", "SUCCEEDED"))));
        assertEveryEvent(events, List.of("echo alpha", "exit", "this will never run!"));

        JsonNode last = events.get(events.size() - 1).get("data");
        assertThat(last.get("runState").asText()).isEqualTo("SUCCEEDED");
        Map<String, JsonNode> states = taskStates(last);
        assertFinished(states.get("echo alpha"), "SUCCEEDED", 0);
        assertThat(states.get("echo alpha").get("stdout").asText()).isEqualTo("alpha");
        assertFinished(states.get("exit"), "SUCCEEDED_NO_OP", 99);
        assertThat(states.get("exit").has("errorMessage")).isFalse();
        assertSkipped(states.get("this will never run!"), "the task 'exit' requested early termination");
    }

    @Test
    void theSchemaCheckRejectsAPayloadThatBreaksTheSchema() throws Exception {
        // Guards against a vacuous validator (for example an empty schema accepting anything).
        try (WebhookReceiver webhook = new WebhookReceiver()) {
            Result result = Factotum.run(dir, "run", Factotum.testdata("factfiles/echo.factfile").toString(),
                    "--webhook", webhook.url());
            assertThat(result.exitCode()).isZero();
            ObjectNode first = (ObjectNode) toJackson(webhook.events().get(0));
            assertThat(violations(first)).isEmpty();

            ObjectNode badState = first.deepCopy();
            ((ObjectNode) badState.get("data").get("taskStates").get(0)).put("state", "PAUSED");
            assertThat(violations(badState)).isNotEmpty();
            ObjectNode extraKey = first.deepCopy();
            ((ObjectNode) extraKey.get("data")).set("taskTransitions", MAPPER.createArrayNode());
            assertThat(violations(extraKey)).isNotEmpty();
            ObjectNode badTime = first.deepCopy();
            ((ObjectNode) badTime.get("data")).set("startTime", TextNode.valueOf("yesterday"));
            assertThat(violations(badTime)).isNotEmpty();
        }
    }

    // ---- running and checking ------------------------------------------------------------------

    /** Runs a sample with {@code --webhook}; returns the received events, each checked against its schema. */
    private List<JsonNode> run(String sample, int expectedExit) throws IOException, InterruptedException {
        return run(Factotum.testdata("factfiles/" + sample + ".factfile"), expectedExit);
    }

    private List<JsonNode> run(Path factfile, int expectedExit) throws IOException, InterruptedException {
        try (WebhookReceiver webhook = new WebhookReceiver()) {
            Result result = Factotum.run(dir, "run", factfile.toString(),
                    "--webhook", webhook.url()).assertNoStackTrace();
            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(expectedExit);
            // The CLI waits for every queued event before it exits, so all of them have arrived here.
            assertThat(result.stdout()).endsWith("Waiting for webhook to finish sending events... done!\n");
            List<JsonNode> events = webhook.events().stream().map(WebhookEventsIT::toJackson).toList();
            for (JsonNode event : events) {
                assertThat(violations(event)).as("schema violations of %s", event).isEmpty();
            }
            return events;
        }
    }

    /** The per-run invariants every event must hold. */
    private static void assertEveryEvent(List<JsonNode> events, List<String> taskListOrder) {
        JsonNode first = events.get(0).get("data");
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            JsonNode data = event.get("data");
            assertThat(fieldNames(event)).as("envelope").containsExactly("schema", "data");
            assertKeysSorted(data, "data");
            assertThat(data.get("runReference").asText()).matches("[0-9a-f]{64}").isEqualTo(first.get("runReference").asText());
            assertThat(data.get("jobReference").asText()).matches("[0-9a-f]{64}").isEqualTo(first.get("jobReference").asText());
            assertThat(data.get("startTime").asText()).isEqualTo(first.get("startTime").asText());
            assertThat(data.get("tags").toString()).isEqualTo("{}");
            String expectedRunState = i == 0 ? "WAITING"
                    : i == events.size() - 1 ? data.get("jobTransition").get("currentState").asText() : "RUNNING";
            assertThat(data.get("runState").asText()).as("runState of event %d", i).isEqualTo(expectedRunState);
            // taskStates: one per task, in task-list order, agreeing with the event's transitions.
            Map<String, JsonNode> states = taskStates(data);
            assertThat(states.keySet()).as("taskStates of event %d", i).containsExactlyElementsOf(taskListOrder);
            if (data.has("taskTransitions")) {
                for (JsonNode transition : data.get("taskTransitions")) {
                    assertThat(states.get(transition.get("taskName").asText()).get("state").asText())
                            .as("state after %s", transition).isEqualTo(transition.get("currentState").asText());
                }
            }
            if (i == 0) {
                states.values().forEach(s -> assertThat(fieldNames(s)).containsExactly("state", "taskName"));
            }
        }
    }

    /** Spec 5.2: every object key inside {@code data} is in byte order. */
    private static void assertKeysSorted(JsonNode node, String path) {
        if (node.isObject()) {
            assertThat(fieldNames(node)).as("keys of %s", path).isSorted();
            node.fields().forEachRemaining(e -> assertKeysSorted(e.getValue(), path + "." + e.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertKeysSorted(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void assertFinished(JsonNode task, String state, int returnCode) {
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo(state);
        assertThat(task.get("returnCode").asInt()).as(task.toString()).isEqualTo(returnCode);
        assertThat(task.has("started")).as(task.toString()).isTrue();
        assertThat(task.get("duration").asText()).as(task.toString()).startsWith("PT");
    }

    private static void assertSkipped(JsonNode task, String reason) {
        assertThat(fieldNames(task)).as(task.toString()).containsExactly("errorMessage", "state", "taskName");
        assertThat(task.get("state").asText()).isEqualTo("SKIPPED");
        assertThat(task.get("errorMessage").asText()).isEqualTo(reason);
    }

    // ---- the expected sequence -----------------------------------------------------------------

    /**
     * One step of the expected sequence: the signatures of the next {@code events.size()} events, in
     * this order, or in any order when the events come from concurrently finishing tasks.
     */
    private record Step(List<String> events, boolean ordered) { }

    private static Step exact(String event) {
        return new Step(List.of(event), true);
    }

    private static Step anyOrder(String... events) {
        return new Step(List.of(events), false);
    }

    /** Signature of a job_update event. */
    private static String job(String previous, String current) {
        return "job_update " + previous + "->" + current;
    }

    /** Signature of a task_update event: its transitions, "task:PREVIOUS->CURRENT", in order. */
    private static String task(String... transitions) {
        return "task_update " + List.of(transitions);
    }

    private static String signature(JsonNode event) {
        String schema = event.get("schema").asText();
        JsonNode data = event.get("data");
        if (schema.equals(JOB_UPDATE)) {
            assertThat(data.has("taskTransitions")).as(event.toString()).isFalse();
            JsonNode t = data.get("jobTransition");
            return job(t.get("previousState").isNull() ? null : t.get("previousState").asText(), t.get("currentState").asText());
        }
        assertThat(schema).isEqualTo(TASK_UPDATE);
        assertThat(data.has("jobTransition")).as(event.toString()).isFalse();
        List<String> transitions = new ArrayList<>();
        for (JsonNode t : data.get("taskTransitions")) {
            transitions.add(t.get("taskName").asText() + ":" + t.get("previousState").asText() + "->"
                    + t.get("currentState").asText());
        }
        return task(transitions.toArray(String[]::new));
    }

    private static void assertSequence(List<JsonNode> events, List<Step> steps) {
        List<String> actual = events.stream().map(WebhookEventsIT::signature).toList();
        String all = actual.stream().collect(Collectors.joining("\n  ", "received:\n  ", ""));
        assertThat(actual).as(all).hasSize(steps.stream().mapToInt(s -> s.events().size()).sum());
        int at = 0;
        for (Step step : steps) {
            List<String> slice = actual.subList(at, at + step.events().size());
            if (step.ordered()) {
                assertThat(slice).as("events from #%d; %s", at, all).containsExactlyElementsOf(step.events());
            } else {
                assertThat(slice).as("events from #%d; %s", at, all).containsExactlyInAnyOrderElementsOf(step.events());
            }
            at += step.events().size();
        }
    }

    // ---- JSON and schemas ----------------------------------------------------------------------

    private static Map<String, JsonNode> taskStates(JsonNode data) {
        Map<String, JsonNode> states = new LinkedHashMap<>();
        for (JsonNode task : data.get("taskStates")) {
            assertThat(states.put(task.get("taskName").asText(), task)).as("duplicate %s", task).isNull();
        }
        return states;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** Re-parses with Jackson (key order kept) from the receiver's body as Gson read it. */
    private static JsonNode toJackson(JsonObject gson) {
        return parse(gson.toString());
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Violations of {@code event} against the schema its {@code schema} field names. */
    private static Set<ValidationMessage> violations(JsonNode event) {
        String schema = event.path("schema").asText();
        JsonSchema validator = switch (schema) {
            case JOB_UPDATE -> JOB_UPDATE_SCHEMA;
            case TASK_UPDATE -> TASK_UPDATE_SCHEMA;
            default -> throw new AssertionError("unexpected schema " + schema);
        };
        return validator.validate(event);
    }

    private static JsonSchema loadSchema(String file) {
        try {
            ObjectNode schema = (ObjectNode) parse(Files.readString(Factotum.testdata("schemas").resolve(file)));
            // "$schema" names Iglu's self-describing meta-schema, not fetchable offline; "self" is Iglu
            // metadata. What remains is plain draft-04 JSON Schema (as in factotum-core's PayloadSchemas).
            schema.remove("$schema");
            schema.remove("self");
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
