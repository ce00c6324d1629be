package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.store.consul.ConsulAgentExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the node running a job (issue 8 must-show 3): another node continues it from the
 * last unfinished task within the node lease (the Consul session TTL) plus 5 seconds, and no
 * finished task runs again. The dying node is a child JVM so that it can really be killed.
 */
class ConsulFailoverTest {
    private static final Duration LEASE = Duration.ofSeconds(10);

    @RegisterExtension
    static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    @Test
    void aKilledNodesJobContinuesOnAnotherNodeWithoutRerunningFinishedTasks() throws Exception {
        String namespace = "com.example/failover-" + UUID.randomUUID();
        Path marks = Files.createDirectories(dir.resolve("marks"));
        Path log = marks.resolve("log");
        Path factfile = Factfiles.write(dir, "failover.factfile", "failover",
                Factfiles.task("first", "echo first >> '" + log + "'"),
                // Ends on the gate, or when the test's directory is gone (an orphan of the killed JVM must not loop forever).
                Factfiles.task("second", "echo second >> '" + log + "'; while [ ! -f '" + marks.resolve("gate")
                        + "' ] && [ -d '" + marks + "' ]; do sleep 0.05; done", "first"),
                Factfiles.task("third", "echo third >> '" + log + "'", "second"));

        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FactotumServerMain.class.getName(), "--port", Integer.toString(port), "--store", "consul",
                "--consul-port", Integer.toString(CONSUL.agent().httpPort()), "--consul-namespace", namespace,
                "--consul-name", "node-doomed", "--node-lease", LEASE.toSeconds() + "s", "--max-workers", "1",
                "--factfile-root", dir.toString(), "--log-level", "off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        TestServer.await("the child node listens", () -> read(dir.resolve("child.log")).contains("listening on"));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/submit"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.submitBody("failover", factfile.toString())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        String id = submitted.body().substring(submitted.body().indexOf('[') + 1, submitted.body().indexOf(']'));
        TestServer.await("the doomed node runs the second task", () -> lines(log).contains("second"));

        ServerConfig survivor = TestServer.consulNode(dir, CONSUL.agent().httpPort(), namespace, "node-b")
                .nodeLease(LEASE).build();
        try (TestServer b = new TestServer(survivor)) {
            long killedAt = System.nanoTime();
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no release of its claim
            child.waitFor();
            TestServer.await("the job continues on node-b", () -> lines(log).stream().filter("second"::equals).count() == 2);
            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.println("kill -9 to continuation on another node: " + takeover.toMillis() + " ms");
            assertThat(takeover).isLessThanOrEqualTo(LEASE.plusSeconds(5));

            Files.writeString(marks.resolve("gate"), "");
            assertThat(b.awaitDone(id)).isEqualTo("SUCCEEDED");
            assertThat(b.get("/check?id=" + id).json().getAsJsonObject().get("lastRunFrom").getAsString())
                    .isEqualTo("node-b");
            List<String> ran = lines(log);
            assertThat(ran.stream().filter("first"::equals).count()).as("the finished first task is not run again: %s", ran)
                    .isEqualTo(1);
            assertThat(ran.stream().filter("third"::equals).count()).isEqualTo(1);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        String text = read(file);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
