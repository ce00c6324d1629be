package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.server.ctl.FactotumCtl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every factotumctl subcommand against a real server (real HTTP, real processes). */
class FactotumCtlTest extends RunningServerTest {

    record Run(int code, String out, String err) { }

    /** A stream whose content can be read while the command still runs. */
    static final class Capture extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    private Run ctl(String... args) {
        return ctl(Map.of("FACTOTUM_URL", http.base), new Capture(), args);
    }

    private static Run ctl(Map<String, String> env, Capture out, String... args) {
        Capture err = new Capture();
        int code = new FactotumCtl(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false).run(List.of(args));
        return new Run(code, out.text(), err.text());
    }

    private String submitGated(String name) {
        Path ff = Factfiles.write(dir, name + ".factfile", name,
                Factfiles.gated(dir, "work", "before"),
                Factfiles.task("last", "echo after", "work"));
        Run r = ctl("submit", ff.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return r.out().trim();
    }

    @Test
    void submitPrintsTheJobIdAndListShowStatusSeeIt() {
        String id = submitGated("visible");
        assertThat(id).matches("[0-9a-f]{64}");
        TestServer.await("work started", () -> Factfiles.startedCount(dir, "work") == 1);

        Run list = ctl("list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("JOB ID", id, "visible", "WORKING");
        assertThat(ctl("--json", "list", "--state", "WORKING").out()).contains("\"jobId\":\"" + id + "\"");
        assertThat(ctl("list", "--state", "nonsense").code()).isEqualTo(FactotumCtl.REFUSED);

        Run show = ctl("show", id);
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("Name:     visible", "work", "RUNNING");

        Run status = ctl("status");
        assertThat(status.out()).contains("State:    run\n", "Workers:  1 busy");
        Factfiles.openGate(dir);
        assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
    }

    @Test
    void logsFollowPrintsLinesAsTheyAreWrittenAndExitsWithTheOutcome() throws Exception {
        String id = submitGated("followed");
        Capture out = new Capture();
        CompletableFuture<Run> follow = CompletableFuture.supplyAsync(
                () -> ctl(Map.of("FACTOTUM_URL", http.base), out, "logs", "-f", id));
        // the first task's line arrives while it still runs (it waits for the gate)
        TestServer.await("line printed while running", () -> out.text().contains("[work] before"));
        assertThat(http.state(id)).isEqualTo("WORKING");
        assertThat(follow).isNotDone();
        Factfiles.openGate(dir);
        Run r = follow.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).isEqualTo(FactotumCtl.OK);
        assertThat(r.out()).isEqualTo("[work] before\n[last] after\n");

        Run logs = ctl("logs", id);
        assertThat(logs.out()).isEqualTo("[work] before\n[last] after\n");
    }

    @Test
    void logsFollowOfALoudRunningJobPrintsEveryLineFromTheRunsStartOnce() throws Exception {
        // 3,000 lines written before the client comes: far more than a client is shown of a running task
        Path ff = Factfiles.write(dir, "loud.factfile", "loud",
                Factfiles.task("early", "echo one; echo two"),
                Factfiles.gated(dir, "work", "start; seq 1 3000 | sed 's/^/line /'", "early"));
        Run submitted = ctl("submit", ff.toString());
        String id = submitted.out().trim();
        TestServer.await("work printing", () -> Factfiles.startedCount(dir, "work") == 1);
        TestServer.await("work printed", () -> http.get("/jobs/" + id + "/runs/latest/tasks/work/output").status() == 200
                && http.get("/jobs/" + id + "/runs/latest/tasks/work/output").body().contains("line 3000"));
        Capture out = new Capture();
        CompletableFuture<Run> follow = CompletableFuture.supplyAsync(
                () -> ctl(Map.of("FACTOTUM_URL", http.base), out, "logs", "-f", id));
        TestServer.await("caught up", () -> out.text().contains("[work] line 3000"));
        Factfiles.openGate(dir);
        Run r = follow.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).isEqualTo(FactotumCtl.OK);
        List<String> expected = new java.util.ArrayList<>(List.of("[early] one", "[early] two", "[work] start"));
        for (int n = 1; n <= 3000; n++) {
            expected.add("[work] line " + n);
        }
        assertThat(r.out().lines().toList()).isEqualTo(expected);
    }

    @Test
    void logsFollowExits2WhenTheJobFailsAndResumeRunsItAgain() {
        Path flag = dir.resolve("fixed");
        Path ff = Factfiles.write(dir, "flaky.factfile", "flaky",
                Factfiles.task("flaky", "echo trying; [ -f '" + flag + "' ]"));
        String id = ctl("submit", ff.toString()).out().trim();
        Run failed = ctl("logs", "-f", id);
        assertThat(failed.code()).isEqualTo(FactotumCtl.JOB_FAILED);
        assertThat(failed.out()).isEqualTo("[flaky] trying\n");

        assertThat(ctl("cancel", id).code()).isEqualTo(FactotumCtl.REFUSED); // DONE: nothing to cancel
        try {
            java.nio.file.Files.writeString(flag, "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Run resumed = ctl("resume", id);
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("RESUMING JOB REQ");
        assertThat(ctl("logs", "-f", id).code()).isEqualTo(FactotumCtl.OK);
    }

    @Test
    void cancelStopsARunningJobAndSubmitWaitReportsIt() throws Exception {
        Path ff = Factfiles.write(dir, "long.factfile", "long", Factfiles.gated(dir, "long", "x"));
        Capture out = new Capture();
        CompletableFuture<Run> wait = CompletableFuture.supplyAsync(
                () -> ctl(Map.of("FACTOTUM_URL", http.base), out, "--progress", "submit", "--wait", ff.toString()));
        TestServer.await("id printed", () -> out.text().trim().length() == 64);
        String id = out.text().trim();
        TestServer.await("long started", () -> Factfiles.startedCount(dir, "long") == 1);
        Run cancel = ctl("cancel", id);
        assertThat(cancel.code()).isZero();
        assertThat(cancel.out()).contains("CANCELLING JOB REQ jobId:[" + id + "]");
        Run waited = wait.get(30, TimeUnit.SECONDS);
        assertThat(waited.code()).isEqualTo(FactotumCtl.JOB_FAILED);
        assertThat(waited.err()).contains("running] long", "finished: CANCELLED");
    }

    @Test
    void drainAndRunSwitchTheServer() {
        assertThat(ctl("drain").out()).contains("Update acknowledged: [state: drain]");
        assertThat(ctl("status").out()).contains("State:    drain\n");
        Path ff = Factfiles.write(dir, "q.factfile", "q", Factfiles.task("t", "true"));
        Run refused = ctl("submit", ff.toString());
        assertThat(refused.code()).isEqualTo(FactotumCtl.REFUSED);
        assertThat(refused.err()).contains("cannot submit job");
        assertThat(ctl("run").code()).isZero();
        assertThat(ctl("submit", ff.toString()).code()).isZero();
    }

    @Test
    void watchShowsJobsLiveAndExitsWhenIdle() throws Exception {
        Capture out = new Capture();
        CompletableFuture<Run> watch = CompletableFuture.supplyAsync(
                () -> ctl(Map.of("FACTOTUM_URL", http.base), out, "watch", "--exit-when-idle"));
        TestServer.await("first table", () -> out.text().contains("JOB ID"));
        String id = submitGated("watched");
        TestServer.await("job shown working", () -> out.text().contains("watched") && out.text().contains("WORKING"));
        Factfiles.openGate(dir);
        Run r = watch.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).isZero();
        String[] tables = r.out().split("\n\n");
        assertThat(tables[tables.length - 1]).contains(id.substring(0, 12), "DONE", "SUCCEEDED");
    }

    @Test
    void scheduleCreateListShowPauseResumeAndDelete() {
        String echo = TestServer.factfile("echo.factfile").toString();
        Run created = ctl("schedule", "create", "nightly", "--cron", "30 2 * * *", "--time-zone", "Europe/Berlin",
                "--overlap", "queue", "--misfire", "catch-up:3", echo, "--tag", "team,data");
        assertThat(created.code()).as(created.err()).isZero();
        // the next fire in the schedule's own wall-clock time, with its offset
        assertThat(created.out()).matches("Schedule 'nightly' created; next fire \\d{4}-\\d\\d-\\d\\dT02:30:00\\+0[12]:00\n");

        Run list = ctl("schedules");
        assertThat(list.code()).isZero();
        assertThat(list.out()).startsWith("NAME     CRON        ZONE           PAUSED  NEXT FIRE\n")
                .containsPattern("nightly  30 2 \\* \\* \\*  Europe/Berlin  no      \\d{4}-\\d\\d-\\d\\dT02:30:00\\+0[12]:00");
        assertThat(ctl("--json", "schedules").out()).contains("\"name\":\"nightly\"", "\"misfire\":\"catch-up:3\"");

        Run show = ctl("schedule", "show", "nightly");
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("Schedule: nightly\n", "Cron:     30 2 * * * in Europe/Berlin\n",
                "Factfile: " + echo + " --tag team,data\n", "Overlap:  queue\n", "Misfire:  catch-up:3\n",
                "Recent fires: none\n");
        assertThat(show.out().lines().filter(l -> l.matches("  \\d{4}-.*T02:30:00\\+0[12]:00"))).hasSize(5);

        assertThat(ctl("schedule", "pause", "nightly").out()).isEqualTo("Schedule 'nightly' paused\n");
        assertThat(ctl("schedules").out()).contains("Europe/Berlin  yes");
        assertThat(ctl("schedule", "show", "nightly").out()).startsWith("Schedule: nightly (paused)\n");
        assertThat(ctl("--json", "schedule", "resume", "nightly").out()).contains("\"paused\":false");
        assertThat(ctl("schedules").out()).contains("Europe/Berlin  no");

        Run again = ctl("schedule", "create", "nightly", "--cron", "0 3 * * *", echo);
        assertThat(again.code()).isEqualTo(FactotumCtl.REFUSED);
        assertThat(again.err()).contains("Schedule 'nightly' exists already");
        Run badCron = ctl("schedule", "create", "other", "--cron", "99 * * * *", echo);
        assertThat(badCron.code()).isEqualTo(FactotumCtl.REFUSED);
        assertThat(badCron.err()).contains("Validation Error: field 'cron'");

        assertThat(ctl("schedule", "delete", "nightly").out()).isEqualTo("Schedule 'nightly' deleted\n");
        Run gone = ctl("schedule", "delete", "nightly");
        assertThat(gone.code()).isEqualTo(FactotumCtl.REFUSED);
        assertThat(gone.err()).contains("No schedule named 'nightly'");
        assertThat(ctl("schedules").out()).isEqualTo("NAME  CRON  ZONE  PAUSED  NEXT FIRE\n");
    }

    @Test
    void scheduleNamesAreSentAsNamesNeverAsPathSteps() {
        // ".." must reach /schedules/{name} as a name; resolved as a URL step it would be another route
        for (String verb : new String[] {"show", "pause", "resume", "delete"}) {
            Run r = ctl("schedule", verb, "..");
            assertThat(r.code()).as(verb + ": " + r.out() + r.err()).isEqualTo(FactotumCtl.REFUSED);
            assertThat(r.err()).as(verb).contains("No schedule named '..'");
        }
        Run slash = ctl("schedule", "show", "../jobs");
        assertThat(slash.code()).isEqualTo(FactotumCtl.REFUSED);
        assertThat(slash.err()).contains("No schedule named '.."); // the server does not decode %2F
    }

    @Test
    void scheduleShowListsRecentFiresWithTheJobEachMadeOrWhyNot() {
        Path ff = Factfiles.write(dir, "gated.factfile", "gated", Factfiles.gated(dir, "work", "before"));
        // every second; the first fire's job holds the gate, so the next fires are skipped (overlap skip)
        Run created = ctl("schedule", "create", "often", "--cron", "* * * * * ?", "--time-zone", "UTC", ff.toString());
        assertThat(created.code()).as(created.err()).isZero();
        java.util.concurrent.atomic.AtomicReference<String> shown = new java.util.concurrent.atomic.AtomicReference<>("");
        TestServer.await("a submitted and a skipped fire", () -> {
            shown.set(ctl("schedule", "show", "often").out());
            return shown.get().contains(" submitted ") && shown.get().contains(" skipped ");
        });
        assertThat(ctl("schedule", "delete", "often").code()).isZero();

        String id = http.get("/jobs").json().getAsJsonObject().getAsJsonArray("jobs").get(0).getAsJsonObject()
                .getAsJsonObject("jobRequest").get("jobId").getAsString();
        assertThat(shown.get()).containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  submitted  " + id + "  \\S+ *\n")
                .containsPattern("Z  skipped    " + id + "  \\S+  \\S.*\n");
        Factfiles.openGate(dir);
        assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
    }

    @Test
    void scheduleUsageErrors() {
        String echo = TestServer.factfile("echo.factfile").toString();
        assertThat(ctl("schedule").code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        assertThat(ctl("schedule", "frobnicate", "x").code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        assertThat(ctl("schedule", "show").code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        assertThat(ctl("schedule", "create", "x", echo).err()).contains("needs --cron");
        assertThat(ctl("schedule", "create", "x", "--cron", "* * * * *").err()).contains("needs a factfile");
        assertThat(ctl("schedule", "create", "--cron", "* * * * *", echo).code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        assertThat(ctl("schedule", "create", "x", "--every", "1h", echo).code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        assertThat(ctl("schedules", "extra").code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        // nothing was created by any of them
        assertThat(ctl("schedules").out()).isEqualTo("NAME  CRON  ZONE  PAUSED  NEXT FIRE\n");
        assertThat(ctl("completion", "bash").out()).contains("schedules schedule", "show create delete pause resume");
    }

    @Test
    void usageErrorsUnreachableServersAndTokensHaveTheirExitCodes() {
        assertThat(ctl().code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        assertThat(ctl("frobnicate").code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        assertThat(ctl("show").code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        assertThat(ctl("--server", "ftp://x", "status").code()).isEqualTo(FactotumCtl.USAGE_ERROR);
        assertThat(ctl("--help").out()).contains("Exit codes");
        assertThat(ctl("show", "0".repeat(64)).code()).isEqualTo(FactotumCtl.REFUSED);
        Run down = ctl(Map.of("FACTOTUM_URL", "http://127.0.0.1:1"), new Capture(), "status");
        assertThat(down.code()).isEqualTo(FactotumCtl.UNREACHABLE);
        assertThat(down.err()).contains("cannot reach");
        Run completion = ctl("completion", "bash");
        assertThat(completion.out()).contains("complete -F _factotumctl factotumctl");
    }

    @Test
    void theTokenComesFromTheOptionOrTheEnvironment() {
        http.close();
        http = new TestServer(config().toBuilder().apiToken(java.util.Optional.of("s3cret-token-value")).build());
        Run none = ctl("status");
        assertThat(none.code()).isEqualTo(FactotumCtl.REFUSED);
        assertThat(none.err()).contains("Unauthorized");
        assertThat(ctl("--token", "s3cret-token-value", "status").code()).isZero();
        Run env = ctl(Map.of("FACTOTUM_URL", http.base, "FACTOTUM_API_TOKEN", "s3cret-token-value"), new Capture(),
                "status");
        assertThat(env.code()).isZero();
    }
}
