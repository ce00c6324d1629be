package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.engine.TaskState;
import io.factotum.job.JobRun;
import io.factotum.job.TaskRun;
import io.factotum.store.consul.ConsulAgent;
import io.factotum.store.consul.ConsulStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consul stopped and restarted while a job runs (issue 8 must-show 6, issue 7 item 9): while it is
 * down submissions get 503 and readiness is DOWN, the job goes on, and its final state is written
 * once Consul is back, in the same run, with no task run twice.
 */
class ConsulOutageTest {
    @TempDir
    Path dir;

    @Test
    void aRunThatEndsWhileConsulIsDownIsRecordedWhenItReturns() throws Exception {
        Path marks = Files.createDirectories(dir.resolve("marks"));
        Path factfile = Factfiles.write(dir, "outage.factfile", "outage",
                Factfiles.task("first", "echo first >> '" + marks.resolve("log") + "'"),
                Factfiles.gated(marks, "second", "second", "first"),
                Factfiles.task("third", "echo third >> '" + marks.resolve("log") + "'", "second"));
        try (ConsulAgent consul = ConsulAgent.persistent(dir.resolve("consul-data"))) {
            String namespace = "com.example/outage";
            ServerConfig config = TestServer.consulNode(dir, consul.httpPort(), namespace, "node-a")
                    .webhook("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook").build();
            try (TestServer node = new TestServer(config)) {
                String id = node.submit("outage", factfile);
                TestServer.await("the second task runs", () -> Files.exists(marks.resolve("second.started")));

                consul.stop();
                TestServer.Answer refused = node.post("/submit", TestServer.submitBody("other",
                        TestServer.factfile("echo.factfile").toString()));
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(node.get("/health/ready").status()).isEqualTo(503);
                assertThat(node.get("/check?id=" + id).status()).isEqualTo(503);
                // The job goes on without Consul: release the gate and watch the last task run.
                Files.writeString(marks.resolve("gate"), "");
                TestServer.await("the third task ran", () -> lines(marks.resolve("log")).contains("third"));

                consul.restart();
                assertThat(node.awaitDone(id)).isEqualTo("SUCCEEDED");
                assertThat(node.get("/health/ready").status()).isEqualTo(200);
                try (ConsulStorage store = ConsulStorage.open(consul.settings(namespace), Clock.systemUTC())) {
                    List<JobRun> runs = store.runs().runs(id);
                    assertThat(runs).as("one run, finished where it ran").hasSize(1);
                    assertThat(runs.get(0).tasks()).extracting(TaskRun::state)
                            .containsOnly(TaskState.SUCCEEDED).hasSize(3);
                    assertThat(store.queue().size()).isZero();
                }
                assertThat(lines(marks.resolve("log"))).as("no task ran twice").containsExactly("first", "third");
                assertThat(lines(marks.resolve("second.started"))).hasSize(1);
                // The webhook events of the transitions made while Consul was down were kept and sent.
                TestServer.await("the job's SUCCEEDED event is delivered", () -> jobSucceededEvents() == 1);
                assertThat(hooks).anyMatch(b -> b.contains("\"third\"") && b.contains("\"currentState\":\"SUCCEEDED\""));
                assertThat(node.post("/submit", TestServer.submitBody("after",
                        TestServer.factfile("echo.factfile").toString())).status()).isEqualTo(200);
            }
        }
    }

    private final List<String> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private com.sun.net.httpserver.HttpServer receiver;

    @BeforeEach
    void startReceiver() throws java.io.IOException {
        receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            hooks.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private long jobSucceededEvents() {
        java.util.regex.Pattern done = java.util.regex.Pattern.compile("\"jobTransition\"\\s*:\\s*\\{\"currentState\":\"SUCCEEDED\"");
        return hooks.stream().filter(b -> done.matcher(b).find()).count();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
