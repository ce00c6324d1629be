package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.server.ctl.ServerSentEvents;
import io.factotum.server.ctl.ServerSentEvents.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The Server-Sent Events endpoints against a real server, real processes and a real HTTP client. */
class EventStreamTest extends RunningServerTest {

    private InputStream open(String path, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base + path)).GET().timeout(Duration.ofSeconds(30));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = http.client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        return r.body();
    }

    /** Reads events until {@code stop} takes one (returned last) or the stream ends. */
    static List<Event> readUntil(ServerSentEvents events, Predicate<Event> stop) throws IOException {
        List<Event> seen = new ArrayList<>();
        while (true) {
            var next = events.next();
            if (next.isEmpty()) {
                return seen;
            }
            seen.add(next.get());
            if (stop.test(next.get())) {
                return seen;
            }
        }
    }

    private static JsonObject json(Event e) {
        return JsonParser.parseString(e.data()).getAsJsonObject();
    }

    private static List<String> lines(List<Event> events) {
        return events.stream().filter(e -> e.type().equals("output")).map(e -> json(e).get("line").getAsString()).toList();
    }

    private static List<String> taskStates(List<Event> events) {
        return events.stream().filter(e -> e.type().equals("task"))
                .map(e -> json(e).get("task").getAsString() + ":" + json(e).get("state").getAsString()).toList();
    }

    @Test
    void aJobStreamTellsTheStoredHistoryThenLiveEventsAndEndsWhenTheJobIsDone() throws Exception {
        Path ff = Factfiles.write(dir, "two.factfile", "two",
                Factfiles.task("first", "echo one; echo two"),
                Factfiles.gated(dir, "second", "three", "first"));
        String id = http.submit("two", ff);
        TestServer.await("second started", () -> Factfiles.startedCount(dir, "second") == 1);
        try (ServerSentEvents events = new ServerSentEvents(open("/jobs/" + id + "/events", null))) {
            // the stored part: the first task finished with its output, the second running
            List<Event> before = readUntil(events, e -> e.type().equals("output") && e.data().contains("three"));
            assertThat(lines(before)).containsExactly("one", "two", "three");
            assertThat(taskStates(before)).containsExactly("first:RUNNING", "first:SUCCEEDED", "second:RUNNING");
            Factfiles.openGate(dir);
            List<Event> after = readUntil(events, e -> false); // to the end of the stream
            assertThat(taskStates(after)).containsExactly("second:SUCCEEDED");
            Event last = after.get(after.size() - 1);
            assertThat(last.type()).isEqualTo("job");
            assertThat(json(last).get("state").getAsString()).isEqualTo("DONE");
            assertThat(json(last).get("outcome").getAsString()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aDoneJobsStreamIsItsStoredHistoryAndEnds() throws Exception {
        Path ff = Factfiles.write(dir, "one.factfile", "one", Factfiles.task("only", "echo hi"));
        String id = http.submit("one", ff);
        http.awaitDone(id);
        try (ServerSentEvents events = new ServerSentEvents(open("/jobs/" + id + "/events", null))) {
            List<Event> all = readUntil(events, e -> false);
            assertThat(taskStates(all)).containsExactly("only:RUNNING", "only:SUCCEEDED");
            assertThat(lines(all)).containsExactly("hi");
            assertThat(json(all.get(all.size() - 1)).get("outcome").getAsString()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void lastEventIdResumesAfterADisconnectWithoutLosingOrRepeatingEvents() throws Exception {
        Path gate = dir.resolve("gate");
        Path ff = Factfiles.write(dir, "lines.factfile", "lines",
                Factfiles.task("count", "for i in 1 2 3 4 5; do echo line$i; done; while [ ! -f '" + gate
                        + "' ]; do sleep 0.02; done; for i in 6 7 8 9 10; do echo line$i; done"),
                Factfiles.task("after", "echo after", "count"));
        String id = http.submit("lines", ff);
        List<Event> first;
        String lastId;
        // Connect while it runs: stored history, then live lines; leave after line5.
        TestServer.await("count running", () -> http.get("/jobs/" + id + "/runs/latest/tasks/count/output").status() == 200);
        try (ServerSentEvents events = new ServerSentEvents(open("/jobs/" + id + "/events", null))) {
            first = readUntil(events, e -> e.type().equals("output") && json(e).get("line").getAsString().equals("line5"));
            lastId = events.lastEventId();
        }
        assertThat(lastId).isNotEmpty();
        // Everything else happens while the client is away.
        Factfiles.openGate(dir);
        http.awaitDone(id);
        List<Event> second;
        try (ServerSentEvents events = new ServerSentEvents(open("/jobs/" + id + "/events", lastId))) {
            second = readUntil(events, e -> false);
        }
        List<Event> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(lines(all)).containsExactly("line1", "line2", "line3", "line4", "line5", "line6", "line7",
                "line8", "line9", "line10", "after");
        assertThat(taskStates(all)).containsExactly("count:RUNNING", "count:SUCCEEDED", "after:RUNNING",
                "after:SUCCEEDED");
        assertThat(second).filteredOn(e -> e.type().equals("job")).hasSize(1);
        // resumed from the journal: every event is numbered
        assertThat(second).allSatisfy(e -> assertThat(e.lastEventId()).isNotEqualTo(lastId));
    }

    @Test
    void theAllJobsStreamResumesFromLastEventIdAndResetsOnAnIdItDoesNotKnow() throws Exception {
        Path ff = Factfiles.write(dir, "quick.factfile", "quick", Factfiles.task("t", "true"));
        try (ServerSentEvents events = new ServerSentEvents(open("/events", null))) {
            String a = http.submit("a", ff);
            List<Event> seen = readUntil(events, e -> e.type().equals("job") && e.data().contains(a)
                    && json(e).get("state").getAsString().equals("DONE"));
            assertThat(seen).extracting(Event::type).doesNotContain("output");
            String lastId = events.lastEventId();
            String b = http.submit("b", ff, "--tag", "x,y");
            http.awaitDone(b);
            try (ServerSentEvents resumed = new ServerSentEvents(open("/events", lastId))) {
                List<Event> rest = readUntil(resumed, e -> e.type().equals("job") && e.data().contains(b)
                        && json(e).get("state").getAsString().equals("DONE"));
                assertThat(rest).noneMatch(e -> e.data().contains(a));
                assertThat(rest.get(0).type()).isEqualTo("job");
                assertThat(json(rest.get(0)).get("state").getAsString()).isEqualTo("QUEUED");
            }
        }
        try (ServerSentEvents unknown = new ServerSentEvents(open("/events", "zzz-5"))) {
            assertThat(unknown.next().orElseThrow().type()).isEqualTo("reset");
        }
    }

    @Test
    void anUnknownJobsStreamIs404() {
        TestServer.Answer a = http.get("/jobs/" + "0".repeat(64) + "/events");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.message()).contains("No job entry found");
    }

    @Test
    void aClientThatDoesNotReadIsDroppedAndTheJobRunsOn() throws Exception {
        Path ff = Factfiles.write(dir, "loud.factfile", "loud",
                Factfiles.gated(dir, "loud", "start; seq 1 300000 | sed 's/^/a line of output that takes some bytes /'"));
        String id = http.submit("loud", ff);
        TestServer.await("loud started", () -> Factfiles.startedCount(dir, "loud") == 1);
        long droppedBefore = http.server.events().droppedStreams();
        try (Socket socket = slowClientOf(id)) {
            // never read: the server must let the client go rather than queue 300,000 lines for it (it
            // may be gone before the test could see it open: what counts is that it was dropped)
            TestServer.await("slow client dropped", () -> http.server.events().droppedStreams() == droppedBefore + 1);
            TestServer.await("its stream closed", () -> http.server.events().openStreams() == 0);
        }
        assertThat(http.state(id)).isEqualTo("WORKING");
        Factfiles.openGate(dir);
        assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
    }

    @Test
    void aClientThatConnectsToALoudRunningJobIsShownItsLatestLinesAndStaysToTheEnd() throws Exception {
        Path gate = dir.resolve("gate");
        // 1,500 lines of 2 KB written before the client comes: their last 1,000 would be 2 MB, four times
        // what a client may have queued
        Path ff = Factfiles.write(dir, "loud.factfile", "loud",
                Factfiles.task("loud", "seq 1 1500 | sed 's/^/" + "x".repeat(2000) + " /'; echo started >> '"
                        + dir.resolve("loud.started") + "'; while [ ! -f '" + gate + "' ]; do sleep 0.02; done; echo last"));
        String id = http.submit("loud", ff);
        TestServer.await("loud printed", () -> Factfiles.startedCount(dir, "loud") == 1);
        long droppedBefore = http.server.events().droppedStreams();
        try (ServerSentEvents events = new ServerSentEvents(open("/jobs/" + id + "/events", null))) {
            TestServer.await("stream open", () -> http.server.events().openStreams() == 1);
            // the job goes on to its end before the client reads its replay
            Factfiles.openGate(dir);
            http.awaitDone(id);
            List<Event> all = readUntil(events, e -> false);
            List<String> lines = lines(all);
            assertThat(lines).last().isEqualTo("last");
            List<Integer> replayed = lines.subList(0, lines.size() - 1).stream()
                    .map(l -> Integer.parseInt(l.substring(l.lastIndexOf(' ') + 1))).toList();
            // its newest lines, in order, up to the last one written before it came: within half what may be
            // queued for it, so far fewer than the 1,000 lines a quieter task would be shown
            assertThat(replayed).isNotEmpty().endsWith(1500)
                    .hasSizeLessThan(io.factotum.server.http.EventStreamHandler.REPLAY_LINES_PER_TASK / 4);
            assertThat(replayed).isEqualTo(java.util.stream.IntStream.rangeClosed(1501 - replayed.size(), 1500).boxed().toList());
            Event last = all.get(all.size() - 1);
            assertThat(json(last).get("state").getAsString()).isEqualTo("DONE");
            assertThat(json(last).get("outcome").getAsString()).isEqualTo("SUCCEEDED");
        }
        assertThat(http.server.events().droppedStreams()).isEqualTo(droppedBefore);
    }

    @Test
    void aClientThatFallsFarBehindReadsOnFromTheJournalAndGetsEveryLineOnceInOrder() throws Exception {
        // 20,000 lines of about 250 bytes as events: ten times what may be queued for one client
        Path ff = Factfiles.write(dir, "loud.factfile", "loud",
                Factfiles.task("loud", "echo start; echo started >> '" + dir.resolve("loud.started") + "'; while [ ! -f '"
                        + dir.resolve("gate") + "' ]; do sleep 0.02; done; seq 1 20000 | sed 's/^/a line of output /'"));
        String id = http.submit("loud", ff);
        TestServer.await("loud started", () -> Factfiles.startedCount(dir, "loud") == 1);
        long droppedBefore = http.server.events().droppedStreams();
        try (Socket socket = slowClientOf(id)) {
            TestServer.await("stream open", () -> http.server.events().openStreams() == 1);
            // The whole job happens while the client reads nothing.
            Factfiles.openGate(dir);
            assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
            assertThat(http.server.events().openStreams()).as("not dropped").isEqualTo(1);

            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            List<Event> all = readUntil(new ServerSentEvents(in), e -> false);
            List<String> lines = lines(all);
            assertThat(lines).first().isEqualTo("start");
            assertThat(lines.subList(1, lines.size())).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 20_000)
                    .mapToObj(n -> "a line of output " + n).toList());
            assertThat(json(all.get(all.size() - 1)).get("state").getAsString()).isEqualTo("DONE");
        }
        assertThat(http.server.events().droppedStreams()).isEqualTo(droppedBefore);
    }

    @Test
    void withOutputAllAClientThatConnectsToARunningJobIsSentEveryLineOfTheRunOnce() throws Exception {
        Path ff = Factfiles.write(dir, "loud.factfile", "loud",
                Factfiles.task("early", "echo one; echo two"),
                Factfiles.gated(dir, "work", "start; seq 1 5000 | sed 's/^/line /'", "early"));
        String id = http.submit("loud", ff);
        TestServer.await("work printed", () -> http.get("/jobs/" + id + "/runs/latest/tasks/work/output").status() == 200
                && http.get("/jobs/" + id + "/runs/latest/tasks/work/output").body().contains("line 5000"));
        List<String> expected = new ArrayList<>(List.of("one", "two", "start"));
        for (int n = 1; n <= 5000; n++) {
            expected.add("line " + n);
        }
        try (ServerSentEvents all = new ServerSentEvents(open("/jobs/" + id + "/events?output=all", null));
                ServerSentEvents latest = new ServerSentEvents(open("/jobs/" + id + "/events", null))) {
            List<Event> fromStart = readUntil(all, e -> e.type().equals("output") && e.data().contains("line 5000"));
            assertThat(lines(fromStart)).isEqualTo(expected);
            assertThat(taskStates(fromStart)).containsExactly("early:RUNNING", "early:SUCCEEDED", "work:RUNNING");
            // without it, the latest lines only (the stored output of the finished task, then the running one's tail)
            List<Event> tail = readUntil(latest, e -> e.type().equals("output") && e.data().contains("line 5000"));
            assertThat(lines(tail)).startsWith("one", "two").hasSizeLessThan(expected.size()).endsWith("line 5000");
            Factfiles.openGate(dir);
            assertThat(lines(readUntil(all, e -> false))).isEmpty();
        }
        assertThat(http.get("/jobs/" + id + "/events?output=everything").status()).isEqualTo(400);
        assertThat(http.get("/jobs/" + id + "/events?output=everything").message())
                .isEqualTo("Validation Error: Invalid 'output', must be one of (latest|all)");
    }

    @Test
    void aJobStreamResumedFromAnIdTheJournalDoesNotHoldSaysSoBeforeTheStoredState() throws Exception {
        Path ff = Factfiles.write(dir, "one.factfile", "one", Factfiles.task("only", "echo hi"));
        String id = http.submit("one", ff);
        http.awaitDone(id);
        // an id of another server run (a restart): nothing after it is known
        try (ServerSentEvents events = new ServerSentEvents(open("/jobs/" + id + "/events", "0-1"))) {
            List<Event> all = readUntil(events, e -> false);
            assertThat(all.get(0).type()).isEqualTo("reset");
            assertThat(json(all.get(0)).get("message").getAsString()).contains("no longer kept");
            assertThat(lines(all)).containsExactly("hi");
            assertThat(json(all.get(all.size() - 1)).get("state").getAsString()).isEqualTo("DONE");
        }
        // a client that resumes nothing is not told to reset
        try (ServerSentEvents events = new ServerSentEvents(open("/jobs/" + id + "/events", null))) {
            assertThat(readUntil(events, e -> false)).noneMatch(e -> e.type().equals("reset"));
        }
    }

    /** A client of the job's stream with a 4 KiB receive buffer that has sent its request and read nothing. */
    private Socket slowClientOf(String id) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", http.server.port()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /jobs/" + id + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The status line and headers of a raw HTTP response, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
