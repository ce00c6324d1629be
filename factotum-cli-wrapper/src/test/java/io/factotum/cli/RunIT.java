package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.factotum.cli.Factotum.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code factotum run} on the samples of spec section 7 (console lines, summaries, exit codes). */
class RunIT {
    @TempDir
    Path dir;

    private static String sample(String name) {
        return Factotum.testdata("factfiles/" + name + ".factfile").toString();
    }

    private static final String STARTED = "Task '%s' was started at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{3}|\\.\\d{6}|\\.\\d{9})? UTC";
    private static final String SUCCEEDED = "Task '%s': succeeded after \\d+\\.\\ds";

    @Test
    void echo() throws Exception {
        Result result = Factotum.run(dir, "run", sample("echo")).assertNoStackTrace();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).matches("\\[echo alpha] alpha\n\\[echo beta] beta\n\\[echo omega] and omega!\n"
                + "3/3 tasks run in \\d+\\.\\ds\n");
        String[] err = result.stderr().split("\n");
        assertThat(err).hasSize(6);
        assertThat(err[0]).matches(STARTED.formatted("echo alpha"));
        assertThat(err[1]).matches(SUCCEEDED.formatted("echo alpha"));
        assertThat(err[2]).matches(STARTED.formatted("echo beta"));
        assertThat(err[3]).matches(SUCCEEDED.formatted("echo beta"));
        assertThat(err[4]).matches(STARTED.formatted("echo omega"));
        assertThat(err[5]).matches(SUCCEEDED.formatted("echo omega"));
    }

    @Test
    void complexDiamondRunsLevelByLevelInFactotumsOrder() throws Exception {
        Result result = Factotum.run(dir, "run", sample("complex-diamond-dag"));
        assertThat(result.exitCode()).isZero();
        List<String> started = result.stderr().lines().filter(l -> l.contains("' was started at "))
                .map(l -> l.substring("Task '".length(), l.indexOf("' was started at "))).toList();
        assertThat(started).containsExactly("fetch-data", "process-part-c", "process-part-b", "process-part-a",
                "validate-c", "validate-b", "validate-a", "merge-results", "generate-report");
        assertThat(result.stdout()).containsPattern("\n9/9 tasks run in \\d+\\.\\ds\n$");
        assertThat(result.stdout()).contains("[generate-report] Report complete!\n");
    }

    @Test
    void echoFromBeta() throws Exception {
        Result result = Factotum.run(dir, "run", sample("echo"), "--start", "echo beta");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).matches("\\[echo beta] beta\n\\[echo omega] and omega!\n2/2 tasks run in \\d+\\.\\ds\n");
        assertThat(result.stderr()).doesNotContain("echo alpha");
    }

    @Test
    void badStartTasks() throws Exception {
        Result unknown = Factotum.run(dir, "run", sample("echo"), "--start", "echo zeta");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.stdout()).isEqualTo(
                "The job cannot be started from 'echo zeta' because the task specified could not be found\n");
        Result notSubTree = Factotum.run(dir, "run", Factotum.testdata("dot/example_apples.factfile").toString(),
                "--start", "potato");
        assertThat(notSubTree.exitCode()).isEqualTo(3);
        assertThat(notSubTree.stdout()).isEqualTo("The job cannot be started from 'potato' because the job cannot"
                + " be started here without triggering prior tasks\n");
    }

    @Test
    void noopFinishesEarly() throws Exception {
        Result result = Factotum.run(dir, "run", sample("noop"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).matches("(?s)\\[echo alpha] alpha\n2/3 tasks run in \\d+\\.\\ds\n"
                + "Factotum job finished early as a task \\('exit'\\) requested an early finish\\. "
                + "The following tasks were not run: 'this will never run!'\\.\n");
        // Nothing is printed for the early finish itself.
        assertThat(result.stderr()).doesNotContain("Task 'exit':");
    }

    @Test
    void concurrentWithFailures() throws Exception {
        try (WebhookReceiver webhook = new WebhookReceiver()) {
            Result result = Factotum.run(dir, "run", sample("concurrent-with-failures"), "--webhook", webhook.url())
                    .assertNoStackTrace();
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.stdout()).contains("4/5 tasks run in ")
                    .contains("Factotum job executed abnormally as a task ('failing-task') failed - the following"
                            + " tasks were not run: 'should-be-skipped'!\n")
                    .endsWith("Waiting for webhook to finish sending events... done!\n");
            assertThat(result.stderr()).containsPattern("Task 'failing-task': failed after \\d+\\.\\ds\\. Reason: the task"
                    + " exited with a value not specified in continue_job - 1 \\(task expects one of the following"
                    + " return codes to continue \\[0]\\)\n");
            assertThat(result.stderr()).contains("[failing-task] Error encountered!\n");

            Map<String, JsonObject> finalStates = finalTaskStates(webhook.events());
            assertThat(finalStates.get("should-be-skipped").get("state").getAsString()).isEqualTo("SKIPPED");
            assertThat(finalStates.get("should-be-skipped").get("errorMessage").getAsString())
                    .isEqualTo("the task 'failing-task' failed");
            assertThat(lastEvent(webhook.events()).getAsJsonObject("data").get("runState").getAsString()).isEqualTo("FAILED");
        }
    }

    @Test
    void multiFailureCascadeAccumulatesSkipReasons() throws Exception {
        try (WebhookReceiver webhook = new WebhookReceiver()) {
            Result result = Factotum.run(dir, "run", sample("multi-failure-cascade"), "--webhook", webhook.url());
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.stdout()).contains("4/7 tasks run in ")
                    .contains("Factotum job executed abnormally as a task ('delayed-fail', 'quick-fail') failed - the"
                            + " following tasks were not run: 'depends-on-delayed-fail', 'depends-on-quick-fail', 'final-task'!\n");
            Map<String, JsonObject> finalStates = finalTaskStates(webhook.events());
            // quick-fail normally fails first; on a starved machine the order of the two may differ.
            assertThat(finalStates.get("final-task").get("errorMessage").getAsString()).isIn(
                    "the task 'quick-fail' failed, the task 'delayed-fail' failed",
                    "the task 'delayed-fail' failed, the task 'quick-fail' failed");
            assertThat(finalStates.keySet()).containsExactly("setup", "delayed-fail", "slow-success", "quick-fail",
                    "depends-on-delayed-fail", "depends-on-quick-fail", "final-task");
        }
    }

    @Test
    void echoWithWebhookSendsTheJobLifecycle() throws Exception {
        try (WebhookReceiver webhook = new WebhookReceiver()) {
            Result result = Factotum.run(dir, Map.of(), List.of("run", sample("echo"), "--webhook", webhook.url(),
                    "--tag", "env,prod"));
            Result tagged = Factotum.run(dir, Map.of(), List.of("run", sample("echo"), "--webhook=" + webhook.url(),
                    "--tag", "  hello   ,  world   ", "--tag", "  alone   ", "--tag", " ", "--tag", " , asdas",
                    "--tag=the rain,first,, wow,,", "--tag", "hello,again"));
            assertThat(tagged.exitCode()).isZero();
            JsonObject tags = lastEvent(webhook.events()).getAsJsonObject("data").getAsJsonObject("tags");
            assertThat(tags.toString()).isEqualTo("{\"alone\":\"\",\"hello\":\"again\",\"the rain\":\"first wow\"}");
            assertThat(result.exitCode()).isZero();
            // The CLI waits for delivery before it exits, so the first run's events all come first.
            String firstRun = webhook.events().get(0).getAsJsonObject("data").get("runReference").getAsString();
            List<JsonObject> events = webhook.events().stream()
                    .filter(e -> e.getAsJsonObject("data").get("runReference").getAsString().equals(firstRun)).toList();
            assertThat(events).hasSize(9);
            JsonObject first = events.get(0).getAsJsonObject("data");
            assertThat(events.get(0).get("schema").getAsString())
                    .isEqualTo("iglu:com.snowplowanalytics.factotum/job_update/jsonschema/1-0-0");
            assertThat(first.get("runState").getAsString()).isEqualTo("WAITING");
            assertThat(first.get("jobReference").getAsString())
                    .isEqualTo("da17739cf0b19e6903886dbd3eb054fc2b18f1e252f427d36173d10bccf97c6e");
            assertThat(first.getAsJsonObject("tags").get("env").getAsString()).isEqualTo("prod");
            assertThat(lastEvent(events).getAsJsonObject("data").get("runState").getAsString()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void heartbeatsCarryTheOutputSoFar() throws Exception {
        Path release = dir.resolve("release");
        Path factfile = dir.resolve("beat.factfile");
        Files.writeString(factfile, SampleFactfiles.single("beat",
                "echo first; while [ ! -f " + release + " ]; do sleep 0.05; done; echo second"));
        try (WebhookReceiver webhook = new WebhookReceiver()) {
            Process cli = Factotum.builder(dir, List.of("run", factfile.toString(), "--webhook", webhook.url(),
                    "--heartbeat-interval", "1")).redirectErrorStream(true).start();
            JsonObject heartbeat = webhook.awaitEvent(e -> {
                JsonObject data = e.getAsJsonObject("data");
                return data.has("taskTransitions") && data.getAsJsonArray("taskTransitions").size() > 0
                        && data.getAsJsonArray("taskTransitions").get(0).getAsJsonObject()
                                .get("previousState").getAsString().equals("RUNNING")
                        && data.getAsJsonArray("taskTransitions").get(0).getAsJsonObject()
                                .get("currentState").getAsString().equals("RUNNING")
                        && data.getAsJsonArray("taskStates").get(0).getAsJsonObject().has("stdout");
            });
            Files.createFile(release);
            String output = new String(cli.getInputStream().readAllBytes());
            assertThat(cli.waitFor()).as(output).isZero();
            assertThat(heartbeat.getAsJsonObject("data").getAsJsonArray("taskStates").get(0).getAsJsonObject()
                    .get("stdout").getAsString()).isEqualTo("first");
        }
    }

    @Test
    void undeliveredEventsAreReported() throws Exception {
        // An empty job sends only three events, which keeps the retries short.
        Path factfile = dir.resolve("empty.factfile");
        Files.writeString(factfile, SampleFactfiles.job("empty", List.of()));
        try (WebhookReceiver webhook = new WebhookReceiver(500)) {
            Result result = Factotum.run(dir, "run", factfile.toString(), "--webhook", webhook.url());
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo("0/0 tasks run in 0.0s\n"
                    + "Waiting for webhook to finish sending events... done!\n"
                    + "Warning: some events failed to send\n");
            assertThat(webhook.events()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void variablesAndTagsAreTemplated() throws Exception {
        Result env = Factotum.run(dir, "run", sample("variables"), "--env", "{ \"message\": \"hello world!\" }");
        assertThat(env.stdout()).startsWith("[Say something] hello world!\n");
        Result tag = Factotum.run(dir, "run", sample("echo-with-dynamic-name-from-tag"), "--tag", "env,prod");
        assertThat(tag.exitCode()).isZero();
        assertThat(tag.stderr()).contains("Task 'echo alpha prod' was started at ");
    }

    @Test
    void dryRunPrintsTheCommandTableAndRunsNothing() throws Exception {
        Path marker = dir.resolve("marker");
        Path factfile = dir.resolve("dry.factfile");
        Files.writeString(factfile, SampleFactfiles.job("dry", List.of(
                SampleFactfiles.task("touch", "touch " + marker, List.of()),
                SampleFactfiles.task("fail", "exit 1", List.of("touch")))));
        Result result = Factotum.run(dir, "run", factfile.toString(), "--dry-run");
        assertThat(result.exitCode()).isZero();
        assertThat(marker).doesNotExist();
        assertThat(result.stdout()).contains("| TASK").contains("| COMMAND")
                .contains("| touch ").contains("\"sh\" \"-c\" \"touch " + marker + " \"")
                .contains("| fail ").contains("\"sh\" \"-c\" \"exit 1 \"")
                .endsWith("2/2 tasks run in 0.0s\n");
        assertThat(result.stderr()).contains("Task 'fail': succeeded after 0.0s");
    }

    @Test
    void dryRunTableOfTheEchoSample() throws Exception {
        Result result = Factotum.run(dir, "run", sample("echo"), "--dry-run");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains(
                "| echo alpha | \"sh\" \"-c\" \"echo \\\"alpha\\\"\"");
    }

    @Test
    void hostConstraints() throws Exception {
        Result star = Factotum.run(dir, "run", sample("echo"), "--constraint", "host,*");
        assertThat(star.exitCode()).isZero();
        assertThat(star.stdout()).contains("3/3 tasks run");

        Result elsewhere = Factotum.run(dir, "run", sample("echo"), "--constraint", "host,no-such-host.invalid");
        assertThat(elsewhere.exitCode()).isZero();
        assertThat(elsewhere.stdout()).isEqualTo("Warn: the specifed host constraint \"no-such-host.invalid\" did not"
                + " match, no tasks have been executed. Reason: could not find any IPv4 addresses for the supplied hostname\n");

        // Checked before the factfile is read; other constraint keys are ignored.
        Result first = Factotum.run(dir, "run", "missing.factfile", "--constraint", "host,no-such-host.invalid",
                "--constraint", "colour,blue");
        assertThat(first.exitCode()).isZero();
        assertThat(first.stdout()).startsWith("Warn: the specifed host constraint");
        Result ignored = Factotum.run(dir, "run", sample("echo"), "--constraint", "colour,blue");
        assertThat(ignored.stdout()).contains("3/3 tasks run");
    }

    private static JsonObject lastEvent(List<JsonObject> events) {
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1);
    }

    private static Map<String, JsonObject> finalTaskStates(List<JsonObject> events) {
        Map<String, JsonObject> states = new java.util.LinkedHashMap<>();
        for (JsonElement task : lastEvent(events).getAsJsonObject("data").getAsJsonArray("taskStates")) {
            states.put(task.getAsJsonObject().get("taskName").getAsString(), task.getAsJsonObject());
        }
        return states;
    }
}
