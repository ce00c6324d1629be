package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 9: webhook receivers that are down, answer 500, or are slow. In each case the job
 * runs to DONE without waiting for deliveries, and every event of the run is accounted for: either
 * delivered (once, in order) or given up after its attempts, with the durable outbox empty at the end.
 */
class WebhookFaultsTest {
    /** A one-task job's events in order (factotum-cli.md 5.1): WAITING, RUNNING, task RUNNING, task done, SUCCEEDED. */
    static final List<String> EVENTS = List.of("job_update", "job_update", "task_update", "task_update", "job_update");
    /** Attempts per event (the default retry policy). */
    static final int ATTEMPTS = 3;

    @TempDir
    Path dir;
    @TempDir
    Path data;

    /** A loopback receiver: the status for the n-th request (0-based); may hold each request. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        Receiver(IntUnaryOperator status, boolean holdUntilReleased) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int code = status.applyAsInt(requests.getAndIncrement());
                if (holdUntilReleased) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (code / 100 == 2) {
                    delivered.add(body);
                }
                exchange.sendResponseHeaders(code, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        /**
         * One key per delivered event, the same for a re-sent copy (whose {@code runDuration}
         * differs): schema, job reference, transitions.
         */
        List<String> eventKeys() {
            return delivered.stream().map(b -> {
                var o = JsonParser.parseString(b).getAsJsonObject();
                var d = o.getAsJsonObject("data");
                return o.get("schema").getAsString() + " " + d.get("jobReference") + " " + d.get("jobTransition")
                        + " " + d.get("taskTransitions");
            }).toList();
        }

        List<String> schemas() {
            return delivered.stream().map(b -> JsonParser.parseString(b).getAsJsonObject().get("schema").getAsString()
                    .replaceAll(".*/(job_update|task_update)/.*", "$1")).toList();
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }

    private TestServer server(String webhook) {
        return new TestServer(TestServer.config(dir).toBuilder().store(ServerConfig.StoreKind.ROCKSDB)
                .dataDir(data).webhook(webhook).build());
    }

    private String submitOneTaskJob(TestServer http) {
        return http.submit("hooked", Factfiles.write(dir, "one.factfile", "hooked", Factfiles.task("only", "echo hi")));
    }

    private static long metric(TestServer http, String name) {
        return http.get("/metrics").body().lines().filter(l -> l.startsWith(name + " "))
                .mapToLong(l -> Long.parseLong(l.substring(name.length() + 1))).findFirst().orElse(-1);
    }

    private static void awaitOutboxEmpty(TestServer http) {
        TestServer.await("webhook outbox empty", () -> http.server.storage().outbox().peek(10).isEmpty());
    }

    @Test
    void aReceiverThatIsDownCostsNothingAndEveryEventIsGivenUpAfterItsAttempts() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (CapturedLogs logs = new CapturedLogs();
                TestServer http = server("http://127.0.0.1:" + closedPort + "/hook")) {
            String id = submitOneTaskJob(http);
            assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
            awaitOutboxEmpty(http);
            assertThat(metric(http, "factotum_webhook_deliveries_total")).isZero();
            assertThat(metric(http, "factotum_webhook_failures_total")).isEqualTo((long) EVENTS.size() * ATTEMPTS);
            assertThat(logs.contains("Failed to send webhook update")).isTrue();
        }
    }

    @Test
    void a500IsRetriedAndEveryEventArrivesOnceInOrder() throws IOException {
        // every event's first attempt gets 500, its second 200
        try (Receiver receiver = new Receiver(n -> n % 2 == 0 ? 500 : 200, false);
                CapturedLogs logs = new CapturedLogs();
                TestServer http = server(receiver.url())) {
            String id = submitOneTaskJob(http);
            assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
            awaitOutboxEmpty(http);
            assertThat(receiver.schemas()).isEqualTo(EVENTS);
            assertThat(receiver.eventKeys()).doesNotHaveDuplicates();
            assertThat(metric(http, "factotum_webhook_deliveries_total")).isEqualTo(EVENTS.size());
            assertThat(metric(http, "factotum_webhook_failures_total")).isEqualTo(EVENTS.size());
        }
    }

    @Test
    void aSlowReceiverDoesNotHoldTheJobAndGetsEveryEventAfterwards() throws IOException {
        try (Receiver receiver = new Receiver(n -> 200, true);
                TestServer http = server(receiver.url())) {
            String id = submitOneTaskJob(http);
            // the receiver holds the first event: the job finishes regardless
            assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
            assertThat(receiver.delivered).isEmpty();
            assertThat(http.server.storage().outbox().peek(10)).isNotEmpty();
            receiver.release.countDown();
            awaitOutboxEmpty(http);
            assertThat(receiver.schemas()).isEqualTo(EVENTS);
            assertThat(metric(http, "factotum_webhook_failures_total")).isZero();
        }
    }
}
