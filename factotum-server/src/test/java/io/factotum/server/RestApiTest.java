package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints beyond the original: jobs, runs, output, cancel, resume, health, metrics, timeouts. */
class RestApiTest extends RunningServerTest {
    @Test
    void listFiltersByStateAndPages() {
        Path echo = TestServer.factfile("echo.factfile");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(http.submit("echo " + i, echo, "--tag", "n," + i));
        }
        ids.forEach(http::awaitDone);
        ids.sort(String::compareTo);
        JsonObject all = http.get("/jobs").json().getAsJsonObject();
        assertThat(ids(all.getAsJsonArray("jobs"))).isEqualTo(ids);
        assertThat(all.get("nextAfter").isJsonNull()).isTrue();
        // paging: limit and after
        JsonObject first = http.get("/jobs?state=DONE&limit=2").json().getAsJsonObject();
        assertThat(ids(first.getAsJsonArray("jobs"))).isEqualTo(ids.subList(0, 2));
        String after = first.get("nextAfter").getAsString();
        JsonObject second = http.get("/jobs?state=done&limit=2&after=" + after).json().getAsJsonObject();
        assertThat(ids(second.getAsJsonArray("jobs"))).isEqualTo(ids.subList(2, 3));
        assertThat(http.get("/jobs?state=QUEUED").json().getAsJsonObject().getAsJsonArray("jobs")).isEmpty();
        // each item is the original's entry, then when its latest run started
        assertThat(all.getAsJsonArray("jobs").get(0).getAsJsonObject().keySet())
                .containsExactly("state", "jobRequest", "lastRunFrom", "lastOutcome", "lastRunAt");
        assertThat(http.get("/jobs?state=nope").message()).isEqualTo("Validation Error: Invalid 'state', must be one of (QUEUED|WORKING|DONE)");
        assertThat(http.get("/jobs?limit=0").status()).isEqualTo(400);
        assertThat(http.get("/jobs?limit=x").status()).isEqualTo(400);
    }

    private static List<String> ids(JsonArray jobs) {
        List<String> ids = new ArrayList<>();
        jobs.forEach(j -> ids.add(j.getAsJsonObject().getAsJsonObject("jobRequest").get("jobId").getAsString()));
        return ids;
    }

    @Test
    void detailShowsRunsAndTaskStatesAndOutput() {
        String id = http.submit("echo", TestServer.factfile("echo.factfile"));
        http.awaitDone(id);
        JsonObject detail = http.get("/jobs/" + id).json().getAsJsonObject();
        assertThat(detail.keySet()).containsExactly("jobId", "state", "jobRequest", "lastRunFrom", "lastOutcome", "runs");
        JsonObject run = detail.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertThat(run.get("outcome").getAsString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("nodeId").getAsString()).isEqualTo("factotum");
        JsonArray tasks = run.getAsJsonArray("tasks");
        assertThat(tasks).hasSize(3);
        assertThat(tasks.get(0).getAsJsonObject().get("taskName").getAsString()).isEqualTo("echo alpha");
        assertThat(tasks.get(0).getAsJsonObject().get("state").getAsString()).isEqualTo("SUCCEEDED");
        assertThat(tasks.get(0).getAsJsonObject().get("returnCode").getAsInt()).isZero();
        String runRef = run.get("runReference").getAsString();
        assertThat(http.get("/jobs/" + id + "/runs").json().getAsJsonObject().getAsJsonArray("runs")).hasSize(1);
        JsonObject output = http.get("/jobs/" + id + "/runs/" + runRef + "/tasks/echo%20alpha/output").json().getAsJsonObject();
        assertThat(output.get("stdout").getAsString()).isEqualTo("alpha");
        assertThat(output.get("running").getAsBoolean()).isFalse();
        assertThat(output.get("state").getAsString()).isEqualTo("SUCCEEDED");
        assertThat(http.get("/jobs/" + id + "/runs/latest/tasks/echo%20omega/output").json().getAsJsonObject()
                .get("stdout").getAsString()).isEqualTo("and omega!");
        // unknowns are 404 with a JSON message
        assertThat(http.get("/jobs/nope").status()).isEqualTo(404);
        assertThat(http.get("/jobs/nope").message()).isEqualTo("Error: No job entry found for id='nope'");
        assertThat(http.get("/jobs/" + id + "/runs/" + runRef + "/tasks/nope/output").status()).isEqualTo(404);
        assertThat(http.get("/jobs/" + id + "/runs/nope/tasks/echo%20alpha/output").status()).isEqualTo(404);
    }

    @Test
    void outputIsLiveWhileTheTaskRuns() {
        Path ff = Factfiles.write(dir, "live.factfile", "live", Factfiles.gated(dir, "talker", "hello-live"));
        String id = http.submit("live", ff);
        TestServer.await("live output", () -> {
            TestServer.Answer a = http.get("/jobs/" + id + "/runs/latest/tasks/talker/output");
            return a.status() == 200 && a.json().getAsJsonObject().get("stdout").getAsString().contains("hello-live");
        });
        JsonObject live = http.get("/jobs/" + id + "/runs/latest/tasks/talker/output").json().getAsJsonObject();
        assertThat(live.get("running").getAsBoolean()).isTrue();
        assertThat(live.get("state").getAsString()).isEqualTo("RUNNING");
        assertThat(http.get("/jobs/" + id).json().getAsJsonObject().get("state").getAsString()).isEqualTo("WORKING");
        assertThat(http.get("/jobs?state=WORKING").body()).contains(id);
        Factfiles.openGate(dir);
        assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
    }

    @Test
    void cancelARunningJob() {
        Path ff = Factfiles.write(dir, "cancel.factfile", "cancel", Factfiles.gated(dir, "wait", "x"),
                Factfiles.task("after", "echo never", "wait"));
        String id = http.submit("cancel", ff);
        TestServer.await("task started", () -> Factfiles.startedCount(dir, "wait") == 1);
        TestServer.Answer a = http.post("/jobs/" + id + "/cancel", "");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.message()).isEqualTo("CANCELLING JOB REQ jobId:[" + id + "]");
        assertThat(http.awaitDone(id)).isEqualTo("FAILED");
        JsonObject run = http.get("/jobs/" + id).json().getAsJsonObject().getAsJsonArray("runs").get(0).getAsJsonObject();
        assertThat(run.get("outcome").getAsString()).isEqualTo("CANCELLED");
        // a DONE job cannot be cancelled; an unknown one is 404
        assertThat(http.post("/jobs/" + id + "/cancel", "").status()).isEqualTo(409);
        assertThat(http.post("/jobs/nope/cancel", "").status()).isEqualTo(404);
    }

    @Test
    void cancelAQueuedJob() {
        http.close();
        http = new TestServer(config().toBuilder().maxJobs(10).maxWorkers(1).build());
        Path ff = Factfiles.write(dir, "q.factfile", "q", Factfiles.gated(dir, "wait", "x"));
        String running = http.submit("a", ff, "--tag", "k,1");
        TestServer.await("task started", () -> Factfiles.startedCount(dir, "wait") == 1);
        String queued = http.submit("b", ff, "--tag", "k,2");
        assertThat(http.post("/jobs/" + queued + "/cancel", "").status()).isEqualTo(200);
        assertThat(http.state(queued)).isEqualTo("DONE");
        Factfiles.openGate(dir);
        assertThat(http.awaitDone(running)).isEqualTo("SUCCEEDED");
        // the cancelled job never ran: its only run is the cancellation record
        JsonArray runs = http.get("/jobs/" + queued + "/runs").json().getAsJsonObject().getAsJsonArray("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).getAsJsonObject().get("outcome").getAsString()).isEqualTo("CANCELLED");
        assertThat(Factfiles.startedCount(dir, "wait")).isEqualTo(1);
    }

    @Test
    void resumeRerunsOnlyWhatDidNotSucceed() throws Exception {
        Path flag = dir.resolve("ok");
        Path ff = Factfiles.write(dir, "resume.factfile", "resume",
                Factfiles.task("first", "echo started >> '" + dir.resolve("first.started") + "'"),
                Factfiles.task("second", "test -f '" + flag + "'", "first"),
                Factfiles.task("third", "echo third", "second"));
        String id = http.submit("resume", ff);
        assertThat(http.awaitDone(id)).isEqualTo("FAILED");
        // a job that is not DONE-with-failure cannot be resumed
        assertThat(http.post("/jobs/nope/resume", "").status()).isEqualTo(404);
        java.nio.file.Files.writeString(flag, "");
        TestServer.Answer a = http.post("/jobs/" + id + "/resume", "");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.message()).isEqualTo("RESUMING JOB REQ jobId:[" + id + "]");
        TestServer.await("second run", () -> http.get("/jobs/" + id + "/runs").json().getAsJsonObject()
                .getAsJsonArray("runs").size() == 2 && http.state(id).equals("DONE"));
        assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
        assertThat(Factfiles.startedCount(dir, "first")).isEqualTo(1);
        assertThat(http.post("/jobs/" + id + "/resume", "").status()).isEqualTo(409);
        // resume is a submission: refused while draining
        http.post("/settings", "{\"state\":\"drain\"}");
        assertThat(http.post("/jobs/" + id + "/resume", "").message()).isEqualTo("Server in [drain] state - cannot submit job");
    }

    @Test
    void jobTimeoutStopsTheRun() {
        http.close();
        http = new TestServer(config().toBuilder().jobTimeout(Optional.of(Duration.ofMillis(300))).build());
        Path ff = Factfiles.write(dir, "slow.factfile", "slow", Factfiles.gated(dir, "wait", "x"));
        String id = http.submit("slow", ff);
        assertThat(http.awaitDone(id)).isEqualTo("FAILED");
        JsonObject run = http.get("/jobs/" + id).json().getAsJsonObject().getAsJsonArray("runs").get(0).getAsJsonObject();
        assertThat(run.get("outcome").getAsString()).isEqualTo("TIMED_OUT");
    }

    @Test
    void webhookDeliveriesAreCounted() throws Exception {
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            http.close();
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            http = new TestServer(config().toBuilder().webhook(url).build());
            String id = http.submit("echo", TestServer.factfile("echo.factfile"));
            http.awaitDone(id);
            // job started, three tasks each started and finished, job finished: at least 8 events
            TestServer.await("webhook events", () -> received.get() >= 8);
            TestServer.await("metrics", () -> http.get("/metrics").body()
                    .contains("factotum_webhook_deliveries_total " + received.get() + "\n"));
            assertThat(http.get("/metrics").body()).contains("factotum_webhook_failures_total 0\n");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void healthAndMetrics() {
        TestServer.Answer live = http.get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(http.get("/health/ready").body()).isEqualTo("{\"status\":\"UP\"}");
        String id = http.submit("echo", TestServer.factfile("echo.factfile"));
        http.awaitDone(id);
        TestServer.Answer metrics = http.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body()).contains("factotum_queue_depth 0\n", "factotum_workers_busy 0\n",
                "factotum_jobs_submitted_total 1\n", "factotum_jobs_finished_total{outcome=\"succeeded\"} 1\n",
                "factotum_tasks_finished_total{state=\"succeeded\"} 3\n", "factotum_job_duration_seconds_count 1\n",
                "factotum_task_duration_seconds_count 3\n", "factotum_webhook_deliveries_total 0\n",
                "factotum_webhook_failures_total 0\n");
        // every sample line is "name{labels} value"
        for (String line : metrics.body().split("\n")) {
            assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[a-z]+=\"[a-z_]+\"\\})? [0-9.]+");
        }
    }
}
