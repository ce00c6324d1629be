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
 * node runs, live, and ends when it is DONE; {@code GET /events} on one node tells the jobs every node
 * queues and runs (two in-process servers on one real Consul agent).
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

    /** Both nodes with their only worker held: a job submitted now waits in the cluster queue. */
    private record BusyCluster(BusyNode a, TestServer b, Path gatesB, String heldOnB) {
        /** Lets B's held job end: B then takes the next queued job (A is still busy). */
        void freeB() throws Exception {
            Files.writeString(gatesB.resolve("gate"), "");
        }
    }

    private BusyCluster busyCluster(Path jobs) throws Exception {
        BusyNode a = busyNode(jobs);
        Path gatesB = Files.createDirectories(dir.resolve("hold-b"));
        Path blockerB = Factfiles.write(jobs, "blocker-b.factfile", "blocker-b",
                Factfiles.gated(gatesB, "hold", "held on b"));
        TestServer b = node("node-b", jobs);
        String heldOnB = b.submit("blocker-b", blockerB); // A is busy: B runs it
        TestServer.await("B's blocker runs on B", () -> b.state(heldOnB).equals("WORKING"));
        return new BusyCluster(a, b, gatesB, heldOnB);
    }

    private static InputStream open(TestServer node, String path, String lastEventId) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(node.base + path)).GET()
                .header("Last-Event-ID", lastEventId).build();
        HttpResponse<InputStream> answer = node.client.send(r, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    /** {@code id}'s job and task events, as "QUEUED" (a job event's state) or "first:RUNNING". */
    private static List<String> transitionsOf(String id, List<Event> events) {
        return events.stream().filter(e -> (e.type().equals("job") || e.type().equals("task"))
                && json(e).get("jobId").getAsString().equals(id))
                .map(e -> e.type().equals("job") ? json(e).get("state").getAsString()
                        : json(e).get("task").getAsString() + ":" + json(e).get("state").getAsString())
                .toList();
    }

    private static Predicate<Event> is(String id, String transition) {
        return e -> transitionsOf(id, List.of(e)).equals(List.of(transition));
    }

    /** Both nodes busy, and a two-task job (not yet submitted) whose first task waits for {@code holdFirst/gate}. */
    private record TwoTaskJob(BusyCluster cluster, Path factfile, Path holdFirst) {
    }

    private TwoTaskJob twoTaskJobOnABusyCluster() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Path holdFirst = Files.createDirectories(dir.resolve("hold-first"));
        Path two = Factfiles.write(jobs, "two.factfile", "two",
                Factfiles.gated(holdFirst, "first", "one"), Factfiles.task("second", "echo two", "first"));
        return new TwoTaskJob(busyCluster(jobs), two, holdFirst);
    }

    @Test
    void eventsOnOneNodeTellsTheJobAnotherNodeQueuesAndRunsFromItsQueuedToItsDone() throws Exception {
        TwoTaskJob job = twoTaskJobOnABusyCluster();
        BusyCluster cluster = job.cluster();
        TestServer a = cluster.a().node();
        try (ServerSentEvents events = new ServerSentEvents(open(a, "/events"))) {
            String id = cluster.b().submit("two", job.factfile()); // on B, and it waits: both nodes are busy
            List<Event> seen = new ArrayList<>(readUntil(events, is(id, "QUEUED")));
            cluster.freeB(); // B's held job ends on B, then B runs the job
            seen.addAll(readUntil(events, is(id, "first:RUNNING")));
            Files.writeString(job.holdFirst().resolve("gate"), "");
            seen.addAll(readUntil(events, is(id, "DONE")));

            assertThat(transitionsOf(id, seen)).containsExactly("QUEUED", "WORKING", "first:RUNNING",
                    "first:SUCCEEDED", "second:RUNNING", "second:SUCCEEDED", "DONE");
            // B's held job, running when the stream began, left the WORKING list: its end is told too.
            assertThat(transitionsOf(cluster.heldOnB(), seen)).containsExactly("hold:SUCCEEDED", "DONE");
            List<Event> ofJob = seen.stream().filter(e -> json(e).has("jobId") && json(e).get("jobId").getAsString().equals(id)).toList();
            assertThat(ofJob).allSatisfy(e -> assertThat(e.lastEventId()).isNotBlank());
            assertThat(ofJob).filteredOn(e -> e.type().equals("job"))
                    .allSatisfy(e -> assertThat(json(e).get("node").getAsString()).isEqualTo("node-b"));
            assertThat(a.state(id)).isEqualTo("DONE");
        }
        cluster.a().release();
    }

    @Test
    void eventsResumedWithItsLastEventIdGetsTheRestOfAnotherNodesJobOnceEach() throws Exception {
        TwoTaskJob job = twoTaskJobOnABusyCluster();
        BusyCluster cluster = job.cluster();
        TestServer a = cluster.a().node();
        String id;
        String lastId;
        List<Event> before;
        try (ServerSentEvents events = new ServerSentEvents(open(a, "/events"))) {
            id = cluster.b().submit("two", job.factfile());
            before = new ArrayList<>(readUntil(events, is(id, "QUEUED")));
            cluster.freeB();
            before.addAll(readUntil(events, is(id, "first:RUNNING")));
            lastId = events.lastEventId();
        }
        Files.writeString(job.holdFirst().resolve("gate"), ""); // the rest happens while no client is connected
        TestServer.await("B finishes the job", () -> a.state(id).equals("DONE"));

        try (ServerSentEvents events = new ServerSentEvents(open(a, "/events", lastId))) {
            List<Event> rest = readUntil(events, is(id, "DONE"));
            assertThat(rest).noneMatch(e -> e.type().equals("reset"));
            assertThat(transitionsOf(id, before)).containsExactly("QUEUED", "WORKING", "first:RUNNING");
            assertThat(transitionsOf(id, rest)).containsExactly("first:SUCCEEDED", "second:RUNNING",
                    "second:SUCCEEDED", "DONE");
        }
        cluster.a().release();
    }

    @Test
    void eventsResumedWithAnIdFromBeforeEveryJobWasFollowedIsToldToReload() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        BusyNode busy = busyNode(jobs);
        TestServer a = busy.node();
        String lastId;
        // An id of A's journal from a per-job stream: no /events client has made A follow every job yet.
        try (ServerSentEvents events = new ServerSentEvents(open(a, "/jobs/" + busy.heldJob() + "/events"))) {
            readUntil(events, e -> !e.lastEventId().isEmpty()); // the replay's last event carries one
            lastId = events.lastEventId();
        }
        Path one = Factfiles.write(jobs, "one.factfile", "one", Factfiles.task("only", "echo one"));
        try (ServerSentEvents events = new ServerSentEvents(open(a, "/events", lastId))) {
            a.submit("one", one); // something to tell, were the stream not reset first
            List<Event> first = readUntil(events, e -> true);
            assertThat(first).extracting(Event::type).containsExactly("reset");
        }
        busy.release();
    }
}
