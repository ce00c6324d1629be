package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown rule on the durable store: jobs that finish within the grace period end DONE; jobs
 * still running after it are stopped, stay WORKING, and the next start continues them without
 * re-running the tasks that had finished.
 */
class ShutdownTest {
    @TempDir
    Path dir;
    @TempDir
    Path data;

    ServerConfig rocks(Duration grace) {
        return TestServer.config(dir).toBuilder().store(ServerConfig.StoreKind.ROCKSDB).dataDir(data)
                .shutdownGrace(grace).build();
    }

    @Test
    void jobsStillRunningAfterTheGraceAreContinuedByTheNextStart() {
        Path ff = Factfiles.write(dir, "two.factfile", "two",
                Factfiles.task("first", "echo started >> '" + dir.resolve("first.started") + "'"),
                Factfiles.gated(dir, "second", "x", "first"));
        String id;
        try (TestServer http = new TestServer(rocks(Duration.ofMillis(100)))) {
            id = http.submit("two", ff);
            TestServer.await("second task running", () -> Factfiles.startedCount(dir, "second") == 1);
            http.server.stop();
            // accepting nothing any more
            assertThat(http.server.config()).isNotNull();
        }
        try (TestServer http = new TestServer(rocks(Duration.ofSeconds(5)))) {
            // continued: the second task starts again, the first does not
            TestServer.await("second task restarted", () -> Factfiles.startedCount(dir, "second") == 2);
            assertThat(http.state(id)).isEqualTo("WORKING");
            Factfiles.openGate(dir);
            assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
            assertThat(Factfiles.startedCount(dir, "first")).isEqualTo(1);
            // the interrupted run was continued, not replaced: one run, finished
            var runs = http.get("/jobs/" + id + "/runs").json().getAsJsonObject().getAsJsonArray("runs");
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).getAsJsonObject().get("outcome").getAsString()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void jobsThatFinishWithinTheGraceEndDone() {
        Path ff = Factfiles.write(dir, "one.factfile", "one", Factfiles.gated(dir, "only", "x"));
        String id;
        try (TestServer http = new TestServer(rocks(Duration.ofSeconds(30)))) {
            id = http.submit("one", ff);
            TestServer.await("task running", () -> Factfiles.startedCount(dir, "only") == 1);
            Thread opener = new Thread(() -> {
                TestServer.await("shutdown begun", () -> !ready(http));
                Factfiles.openGate(dir);
            });
            opener.start();
            http.server.stop(); // waits for the job
        }
        try (TestServer http = new TestServer(rocks(Duration.ofSeconds(5)))) {
            assertThat(http.state(id)).isEqualTo("DONE");
            assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
            assertThat(Factfiles.startedCount(dir, "only")).isEqualTo(1);
        }
    }

    private static boolean ready(TestServer http) {
        try {
            return http.get("/health/ready").status() == 200;
        } catch (RuntimeException closed) {
            return false;
        }
    }
}
