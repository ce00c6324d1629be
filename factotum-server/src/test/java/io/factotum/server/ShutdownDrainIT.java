package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 items 8 and 9 (SIGTERM during runs), on {@code bin/factotum-server} as a process: after
 * SIGTERM submissions get 503 while the read endpoints keep answering until the drain ends, the
 * drain is printed (what runs, what finished, what is handed back), the exit status is 0, and every
 * job that was running ends DONE, at once or after the next start, with every webhook event of its
 * run delivered once across both incarnations.
 */
class ShutdownDrainIT {
    @TempDir
    Path tmp;
    Path factfile;

    @BeforeEach
    void factfile() {
        assumeTrue(Files.exists(TestServer.repoRoot().resolve("factotum-server/target/factotum-server.jar")),
                "run after mvn package");
        factfile = Factfiles.write(tmp, "gated.factfile", "gated", Factfiles.gated(tmp, "only", "x"));
    }

    @Test
    void readsAnswerDuringTheDrainAndACleanDrainExitsZero() throws Exception {
        ServerProcess server = start("server.log", "60s");
        String id = submit(server, "first");
        TestServer.await("task running", () -> Factfiles.startedCount(tmp, "only") == 1);

        server.process.destroy(); // SIGTERM
        TestServer.await("submissions refused", () -> status(server, "second") == 503);
        HttpResponse<String> refused = server.post("/submit", body("second"));
        assertThat(message(refused)).isEqualTo("Server is shutting down - cannot submit job");
        // the operator can watch the drain
        assertThat(server.get("/status").statusCode()).isEqualTo(200);
        HttpResponse<String> check = server.get("/check?id=" + id);
        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(json(check).get("state").getAsString()).isEqualTo("WORKING");
        assertThat(server.get("/jobs?state=WORKING").statusCode()).isEqualTo(200);
        assertThat(server.get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
        TestServer.await("drain start printed", () -> ServerProcess.read(server.log)
                .contains("Shutting down: refusing submissions; 1 job(s) running: " + id));

        Factfiles.openGate(tmp);
        assertThat(server.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server.process.exitValue()).as(ServerProcess.read(server.log)).isZero();
        assertThat(ServerProcess.read(server.log))
                .contains("Drain: 1 job(s) finished: " + id + ", 0 handed back to the queue")
                .contains("Stopped\n");
    }

    @Test
    void aJobStillRunningAfterTheGraceIsHandedBackAndFinishedByTheNextStart() throws Exception {
        try (WebhookFaultsTest.Receiver receiver = new WebhookFaultsTest.Receiver(n -> 200, false)) {
            handedBackAndFinished(receiver);
        }
    }

    private void handedBackAndFinished(WebhookFaultsTest.Receiver receiver) throws Exception {
        ServerProcess first = start("first.log", "200ms", "--webhook=" + receiver.url());
        String id = submit(first, "first");
        TestServer.await("task running", () -> Factfiles.startedCount(tmp, "only") == 1);
        first.process.destroy(); // SIGTERM
        assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as(ServerProcess.read(first.log)).isZero();
        assertThat(ServerProcess.read(first.log))
                .contains("Drain: 0 job(s) finished, 1 handed back to the queue to continue at the next start: " + id);

        try (ServerProcess second = start("second.log", "60s", "--webhook=" + receiver.url())) {
            // the interrupted task runs again (at-least-once for the task that was running)
            TestServer.await("task restarted", () -> Factfiles.startedCount(tmp, "only") == 2);
            Factfiles.openGate(tmp);
            TestServer.await("job DONE", () -> "DONE".equals(state(second, id)));
            JsonObject entry = json(second.get("/check?id=" + id));
            assertThat(entry.get("lastOutcome").getAsString()).isEqualTo("SUCCEEDED");
            var runs = json(second.get("/jobs/" + id + "/runs")).getAsJsonArray("runs");
            assertThat(runs).hasSize(1); // the interrupted run was continued, not replaced
            // The webhook events tell one story: the first server's up to the stop (no FAILED for the
            // tasks its stop killed), then the continued run's, from WAITING to SUCCEEDED, same run.
            TestServer.await("final webhook event", () -> receiver.delivered.stream()
                    .anyMatch(b -> data(b).get("runState").getAsString().equals("SUCCEEDED")));
            String logs = "first server:\n" + ServerProcess.read(first.log) + "\nsecond server:\n"
                    + ServerProcess.read(second.log);
            List<JsonObject> events = receiver.delivered.stream().map(ShutdownDrainIT::data).toList();
            assertThat(events).as(logs).extracting(e -> e.get("runState").getAsString()).doesNotContain("FAILED");
            assertThat(events).extracting(e -> e.get("runReference").getAsString()).containsOnly(
                    runs.get(0).getAsJsonObject().get("runReference").getAsString());
            List<String> keys = receiver.eventKeys();
            int lastStart = keys.lastIndexOf(keys.get(0));
            assertThat(lastStart).as("the continued run starts again from WAITING").isPositive();
            assertThat(keys.subList(lastStart, keys.size())).as(logs).doesNotHaveDuplicates()
                    .hasSize(WebhookFaultsTest.EVENTS.size());
            assertThat(events.get(events.size() - 1).get("runState").getAsString()).isEqualTo("SUCCEEDED");
        }
    }

    private static JsonObject data(String body) {
        return JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("data");
    }

    private ServerProcess start(String log, String grace, String... more) throws IOException {
        List<String> flags = new ArrayList<>(List.of("--data-dir=" + tmp.resolve("data"), "--shutdown-grace=" + grace));
        flags.addAll(List.of(more));
        return new ServerProcess(tmp, tmp.resolve(log), flags.toArray(String[]::new));
    }

    private String submit(ServerProcess server, String tag) throws Exception {
        HttpResponse<String> answer = server.post("/submit", body(tag));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String message = message(answer);
        return message.substring(message.indexOf('[') + 1, message.indexOf(']'));
    }

    private String body(String tag) {
        return TestServer.submitBody("gated", factfile.toString(), "--tag", "n," + tag);
    }

    private static int status(ServerProcess server, String tag) {
        try {
            return server.post("/submit", TestServer.submitBody("gated", "/nonexistent", "--tag", "n," + tag))
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String state(ServerProcess server, String id) {
        try {
            HttpResponse<String> r = server.get("/check?id=" + id);
            return r.statusCode() == 200 ? json(r).get("state").getAsString() : "NONE";
        } catch (IOException e) {
            return "UNREACHABLE";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "INTERRUPTED";
        }
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static String message(HttpResponse<String> r) {
        return json(r).get("message").getAsString();
    }
}
