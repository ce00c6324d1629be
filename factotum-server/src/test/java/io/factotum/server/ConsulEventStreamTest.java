package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.server.ctl.ServerSentEvents;
import io.factotum.server.ctl.ServerSentEvents.Event;
import io.factotum.store.consul.ConsulAgentExtension;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 on a cluster: {@code GET /jobs/{id}/events} served by one node follows a job that another
 * node runs, live, and ends when it is DONE (two in-process servers on one real Consul agent).
 */
class ConsulEventStreamTest {
    @RegisterExtension
    static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

    @TempDir
    Path dir;

    private final String namespace = "com.example/events-" + UUID.randomUUID();
    private final List<TestServer> nodes = new ArrayList<>();
    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        reader.shutdownNow();
        nodes.forEach(TestServer::close);
    }

    private TestServer node(String name, Path roots) {
        ServerConfig config = TestServer.consulNode(dir, CONSUL.agent().httpPort(), namespace, name)
                .factfileRoots(List.of(roots)).maxJobs(100).maxWorkers(1).build();
        TestServer server = new TestServer(config);
        nodes.add(server);
        return server;
    }

    /** Node A with its only worker held by a gated job: what is submitted to it runs on another node. */
    private record BusyNode(TestServer node, Path gates, String heldJob) {
        void release() throws Exception {
            Files.writeString(gates.resolve("gate"), "");
            assertThat(node.awaitDone(heldJob)).isEqualTo("SUCCEEDED");
        }
    }

    private BusyNode busyNode(Path jobs) throws Exception {
        Path gates = Files.createDirectories(dir.resolve("hold-a"));
        Path blocker = Factfiles.write(jobs, "blocker.factfile", "blocker", Factfiles.gated(gates, "hold", "held"));
        TestServer a = node("node-a", jobs);
        String held = a.submit("blocker", blocker);
        TestServer.await("the blocker runs on A", () -> a.state(held).equals("WORKING"));
        return new BusyNode(a, gates, held);
    }

    private static InputStream open(TestServer node, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(node.base + path)).GET().build();
        HttpResponse<InputStream> answer = node.client.send(r, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    /** Reads events until {@code stop} takes one or the stream ends; fails after 60 s. */
    private List<Event> readUntil(ServerSentEvents events, Predicate<Event> stop) throws Exception {
        Future<List<Event>> read = reader.submit(() -> EventStreamTest.readUntil(events, stop));
        try {
            return read.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            read.cancel(true);
            throw new AssertionError("the event stream neither told what was awaited nor ended within 60 s");
        }
    }

    private static JsonObject json(Event e) {
        return JsonParser.parseString(e.data()).getAsJsonObject();
    }

    private static List<String> taskStates(List<Event> events) {
        return events.stream().filter(e -> e.type().equals("task"))
                .map(e -> json(e).get("task").getAsString() + ":" + json(e).get("state").getAsString()).toList();
    }

    @Test
    void aStreamOnOneNodeFollowsAJobAnotherNodeRunsAndEndsWhenItIsDone() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Path holdFirst = Files.createDirectories(dir.resolve("hold-first"));
        Path three = Factfiles.write(jobs, "three.factfile", "three",
                Factfiles.gated(holdFirst, "first", "one"),
                Factfiles.task("second", "echo two", "first"),
                Factfiles.task("third", "echo three", "second"));
        BusyNode busy = busyNode(jobs); // the job waits in the cluster queue for B
        TestServer a = busy.node();
        String id = a.submit("three", three);

        try (ServerSentEvents events = new ServerSentEvents(open(a, "/jobs/" + id + "/events"))) {
            List<Event> all = new ArrayList<>(readUntil(events, e -> e.type().equals("job")));
            assertThat(json(all.get(0)).get("state").getAsString()).isEqualTo("QUEUED");
            TestServer b = node("node-b", jobs);
            all.addAll(readUntil(events, e -> e.type().equals("task") && e.data().contains("\"first\"")));
            assertThat(taskStates(all)).containsExactly("first:RUNNING");
            Files.writeString(holdFirst.resolve("gate"), "");
            all.addAll(readUntil(events, e -> false)); // to the end of the stream

            assertThat(taskStates(all)).containsExactly("first:RUNNING", "first:SUCCEEDED", "second:RUNNING",
                    "second:SUCCEEDED", "third:RUNNING", "third:SUCCEEDED");
            assertThat(all.stream().filter(e -> e.type().equals("output")).map(e -> json(e).get("line").getAsString()))
                    .containsExactly("one", "two", "three");
            Event last = all.get(all.size() - 1);
            assertThat(last.type()).isEqualTo("job");
            assertThat(json(last).get("state").getAsString()).isEqualTo("DONE");
            assertThat(json(last).get("node").getAsString()).isEqualTo("node-b");
            // Every live event carries an id (so a reconnect resumes after it).
            assertThat(all.subList(1, all.size())).allSatisfy(e -> assertThat(e.lastEventId()).isNotBlank());
            assertThat(a.state(id)).isEqualTo("DONE");
            assertThat(b.get("/check?id=" + id).json().getAsJsonObject().get("lastRunFrom").getAsString())
                    .isEqualTo("node-b");
        }
        busy.release();
    }

    @Test
    void aClientResumingWithAnIdFromBeforeTheJobWasFollowedIsToldWhatTheOtherNodeDidMeanwhile() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Path holdFirst = Files.createDirectories(dir.resolve("hold-first"));
        Path two = Factfiles.write(jobs, "two.factfile", "two",
                Factfiles.gated(holdFirst, "first", "one"), Factfiles.task("second", "echo two", "first"));
        BusyNode busy = busyNode(jobs); // B runs the job
        TestServer a = busy.node();
        String lastId;
        String id;
        try (ServerSentEvents all = new ServerSentEvents(open(a, "/events"))) {
            id = a.submit("two", two);
            readUntil(all, e -> e.type().equals("job") && e.data().contains(id));
            lastId = all.lastEventId(); // an id of A's journal, from before anyone followed the job
        }
        TestServer b = node("node-b", jobs);
        // B stores "first RUNNING" while no stream follows the job on A.
        TestServer.await("B runs the first task", () -> b.get("/jobs/" + id + "/runs").body().replaceAll("\\s", "")
                .contains("\"taskName\":\"first\",\"state\":\"RUNNING\""));

        HttpRequest r = HttpRequest.newBuilder(URI.create(a.base + "/jobs/" + id + "/events")).GET()
                .header("Last-Event-ID", lastId).build();
        HttpResponse<InputStream> answer = a.client.send(r, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        try (ServerSentEvents events = new ServerSentEvents(answer.body())) {
            List<Event> seen = new ArrayList<>(readUntil(events,
                    e -> e.type().equals("task") && e.data().contains("\"first\"")));
            Files.writeString(holdFirst.resolve("gate"), "");
            seen.addAll(readUntil(events, e -> false));
            assertThat(taskStates(seen)).containsExactly("first:RUNNING", "first:SUCCEEDED", "second:RUNNING",
                    "second:SUCCEEDED");
            assertThat(json(seen.get(seen.size() - 1)).get("state").getAsString()).isEqualTo("DONE");
        }
        busy.release();
    }

    @Test
    void aClientThatReconnectsWithItsLastEventIdGetsTheRestOfAnotherNodesRunOnceEach() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Path holdFirst = Files.createDirectories(dir.resolve("hold-first"));
        Path two = Factfiles.write(jobs, "two.factfile", "two",
                Factfiles.gated(holdFirst, "first", "one"), Factfiles.task("second", "echo two", "first"));
        BusyNode busy = busyNode(jobs);
        TestServer a = busy.node();
        String id = a.submit("two", two);
        String lastId;
        try (ServerSentEvents events = new ServerSentEvents(open(a, "/jobs/" + id + "/events"))) {
            readUntil(events, e -> e.type().equals("job")); // the stored QUEUED: the stream is open
            node("node-b", jobs);
            // Told live, so its id is after the position the job has been followed since.
            List<Event> first = readUntil(events, e -> e.type().equals("task") && e.data().contains("\"first\""));
            assertThat(taskStates(first)).containsExactly("first:RUNNING");
            lastId = events.lastEventId();
        }
        long gateOpened = System.nanoTime();
        Files.writeString(holdFirst.resolve("gate"), "");

        HttpRequest r = HttpRequest.newBuilder(URI.create(a.base + "/jobs/" + id + "/events")).GET()
                .header("Last-Event-ID", lastId).build();
        HttpResponse<InputStream> answer = a.client.send(r, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        try (ServerSentEvents events = new ServerSentEvents(answer.body())) {
            List<Event> rest = readUntil(events, e -> false);
            System.out.println("stream on A ended " + Duration.ofNanos(System.nanoTime() - gateOpened).toMillis()
                    + " ms after B's job was let go");
            assertThat(taskStates(rest)).containsExactly("first:SUCCEEDED", "second:RUNNING", "second:SUCCEEDED");
            assertThat(rest.stream().filter(e -> e.type().equals("output")).map(e -> json(e).get("line").getAsString()))
                    .containsExactly("one", "two");
            Event last = rest.get(rest.size() - 1);
            assertThat(last.type()).as(rest.toString()).isEqualTo("job");
            assertThat(json(last).get("state").getAsString()).isEqualTo("DONE");
        }
        busy.release();
    }
}
