package io.factotum.store.rocksdb;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.factotum.engine.TaskState;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.LastOutcome;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Must-show 3: a scheduler on RocksDB in a child JVM is killed with SIGKILL in the middle of a job
 * while three more wait in the queue and its webhook events are still undelivered; restarted on the
 * same directory, it finishes every job, runs no finished task twice, keeps the queue order and
 * delivers the pending events.
 *
 * <p>It lives in the RocksDB module because that is the durable store the scheduler (core) needs for
 * this: the module sees both, and the child JVM gets both from the test class path.
 */
class SchedulerCrashRecoveryTest {
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private HttpServer receiver;

    /** Webhook bodies accepted by the receiver, in arrival order. */
    private final List<JsonObject> delivered = new CopyOnWriteArrayList<>();
    private final AtomicBoolean accepting = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();

    @AfterEach
    void cleanUp() {
        children.forEach(Process::destroyForcibly);
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    /** A child scheduler on {@code store}, its webhooks going to {@code webhook}. */
    private ChildNode child(Path store, String webhook) throws IOException {
        ChildNode child = new ChildNode(List.of(), SchedulerCrashChildMain.class, List.of(store.toString(), webhook),
                dir.resolve("child-stderr-" + children.size() + ".txt"), Duration.ofSeconds(WAIT_SECONDS));
        children.add(child.process());
        return child;
    }

    private Path factfile(String name, String... tasks) throws IOException {
        // tasks: name, shell line, dependency (or "")
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < tasks.length; i += 3) {
            json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(tasks[i])
                    .append("\",\"executor\":\"shell\",\"command\":").append(new com.google.gson.JsonPrimitive(tasks[i + 1]))
                    .append(",\"arguments\":[],\"dependsOn\":[")
                    .append(tasks[i + 2].isEmpty() ? "" : "\"" + tasks[i + 2] + "\"")
                    .append("],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}");
        }
        return Files.writeString(dir.resolve(name + ".factfile"),
                "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":\""
                        + name + "\",\"tasks\":[" + json + "]}}");
    }

    private String startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (accepting.get()) {
                delivered.add(JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject());
                exchange.sendResponseHeaders(200, -1);
            } else {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
            }
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void afterKillNineEveryJobFinishesNoFinishedTaskRunsTwiceOrderIsKeptAndPendingEventsAreDelivered()
            throws Exception {
        Path marker = dir.resolve("marker.txt");
        Path go = dir.resolve("go");
        Path store = dir.resolve("store");
        String append = "echo %s >> " + marker;
        Path jobA = factfile("A",
                "a1", append.formatted("A-a1"), "",
                "a2", append.formatted("A-a2-start") + "; while [ ! -f " + go + " ]; do sleep 0.05; done; "
                        + append.formatted("A-a2-end"), "a1",
                "a3", append.formatted("A-a3"), "a2");
        List<Path> queuedJobs = List.of(factfile("B", "b", append.formatted("B"), ""),
                factfile("C", "c", append.formatted("C"), ""), factfile("D", "d", append.formatted("D"), ""));
        String webhook = startReceiver();

        // 1. First incarnation: A runs (one worker) and blocks in a2; B, C, D wait; no webhook accepted.
        ChildNode first = child(store, webhook);
        List<String> firstLines = new ArrayList<>();
        first.await("ready"::equals, firstLines);
        List<String> ids = new ArrayList<>();
        ids.add(first.submit("A", jobA, firstLines));
        for (Path job : queuedJobs) {
            String name = job.getFileName().toString().substring(0, 1);
            ids.add(first.submit(name, job, firstLines));
        }
        String idA = ids.get(0);
        first.await(("task " + idA + " a2 RUNNING")::equals, firstLines);
        // The listener hears a transition before its webhook event is stored: kill only once the
        // five events up to a2's start (job WAITING, RUNNING, a1 started, a1 done, a2 started) are.
        first.await(("outbox " + idA + " 5")::equals, firstLines);
        String runA = firstLines.stream().filter(l -> l.startsWith("started " + idA)).findFirst().orElseThrow()
                .split(" ")[2];

        // 2. kill -9 in the middle of a2. Its task processes go down with it, as when the host dies:
        // an orphaned a2 left running would also finish a2, which at-least-once allows but which
        // would make the marker count depend on the test's timing.
        List<ProcessHandle> tasks = first.process().descendants().toList();
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        tasks.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle task : tasks) {
            task.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(Files.readAllLines(marker)).contains("A-a1").doesNotContain("A-a2-end", "A-a3", "B", "C", "D");
        assertThat(delivered).isEmpty();

        // 3. Second incarnation on the same directory; a2 may now finish; the receiver accepts.
        Files.createFile(go);
        accepting.set(true);
        ChildNode second = child(store, webhook);
        List<String> secondLines = new ArrayList<>();
        List<String> finishOrder = new ArrayList<>();
        while (finishOrder.size() < ids.size()) {
            finishOrder.add(second.await(l -> l.startsWith("finished "), secondLines));
        }
        assertThat(finishOrder).containsExactly(ids.stream().map(id -> "finished " + id + " SUCCEEDED").toArray(String[]::new));
        assertThat(secondLines).contains("started " + idA + " " + runA)
                .doesNotContain("task " + idA + " a1 RUNNING");

        // No finished task ran twice; a2, interrupted, ran again (at-least-once); queue order kept.
        List<String> markerLines = Files.readAllLines(marker);
        assertThat(markerLines).filteredOn("A-a1"::equals).hasSize(1);
        assertThat(markerLines).filteredOn("A-a2-end"::equals).hasSize(1);
        assertThat(markerLines).filteredOn("A-a2-start"::equals).hasSizeBetween(1, 2);
        assertThat(markerLines.stream().filter(l -> !l.equals("A-a2-start")).toList())
                .containsExactly("A-a1", "A-a2-end", "A-a3", "B", "C", "D");

        // 4. Webhooks: A's events from before the crash arrive after it, first and in order.
        // Each job has its own sender: wait for every job's last event.
        for (String job : List.of("A", "B", "C", "D")) {
            awaitDelivered(body -> isFinal(body, job));
        }
        List<JsonObject> eventsA = delivered.stream().filter(b -> data(b).get("jobName").getAsString().equals("A"))
                .toList();
        assertThat(eventsA).allSatisfy(b -> assertThat(data(b).get("runReference").getAsString()).isEqualTo(runA));
        assertThat(transition(eventsA.get(0))).isEqualTo("job null->WAITING");
        List<String> transitionsA = eventsA.stream().map(SchedulerCrashRecoveryTest::transition).toList();
        // a1's end was only ever sent by the first incarnation: it was pending in the store.
        assertThat(transitionsA).containsSubsequence("job null->WAITING", "task a1 RUNNING->SUCCEEDED",
                "task a2 WAITING->RUNNING", "job null->WAITING", "task a2 WAITING->RUNNING",
                "task a2 RUNNING->SUCCEEDED", "task a3 RUNNING->SUCCEEDED", "job RUNNING->SUCCEEDED");
        assertThat(transitionsA).filteredOn("task a1 RUNNING->SUCCEEDED"::equals).hasSize(1);
        for (String job : List.of("B", "C", "D")) {
            assertThat(delivered).anyMatch(b -> isFinal(b, job));
        }

        // Every event delivered is removed from the store just after the receiver saw it.
        second.send("drain");
        second.await("drained"::equals, secondLines);
        second.send("quit");
        second.await("closed"::equals, secondLines);
        assertThat(second.process().waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process().exitValue()).isZero();

        // 5. The store: every job DONE / SUCCEEDED, A in one continued run, nothing left to send.
        try (RocksDbStorage storage = RocksDbStorage.open(store)) {
            for (String id : ids) {
                JobEntry entry = storage.jobs().get(id).orElseThrow().entry();
                assertThat(entry.state()).isEqualTo(JobState.DONE);
                assertThat(entry.lastOutcome()).isEqualTo(LastOutcome.SUCCEEDED);
            }
            List<JobRun> runs = storage.runs().runs(idA);
            assertThat(runs).singleElement().satisfies(run -> {
                assertThat(run.runReference()).isEqualTo(runA);
                assertThat(run.outcome()).contains(RunOutcome.SUCCEEDED);
                assertThat(run.tasks()).extracting(TaskRun::state).containsOnly(TaskState.SUCCEEDED);
            });
            assertThat(storage.outbox().peek(10)).isEmpty();
            assertThat(storage.queue().size()).isZero();
        }
    }

    private void awaitDelivered(Predicate<JsonObject> last) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        // The receiver runs on its own threads; this waits for the condition, bounded.
        while (delivered.stream().noneMatch(last)) {
            assertThat(System.nanoTime()).as("webhook events delivered in time; got %s",
                    delivered.stream().map(b -> data(b).get("jobName").getAsString() + ":" + transition(b)).toList())
                    .isLessThan(deadline);
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static JsonObject data(JsonObject body) {
        return body.getAsJsonObject("data");
    }

    private static boolean isFinal(JsonObject body, String jobName) {
        JsonObject data = data(body);
        return data.get("jobName").getAsString().equals(jobName) && data.has("jobTransition")
                && data.getAsJsonObject("jobTransition").get("currentState").getAsString().equals("SUCCEEDED");
    }

    /** "job P->C" or "task N P->C" (the first task transition). */
    private static String transition(JsonObject body) {
        JsonObject data = data(body);
        if (data.has("jobTransition")) {
            JsonObject t = data.getAsJsonObject("jobTransition");
            JsonElement previous = t.get("previousState");
            return "job " + (previous.isJsonNull() ? "null" : previous.getAsString()) + "->"
                    + t.get("currentState").getAsString();
        }
        JsonObject t = data.getAsJsonArray("taskTransitions").get(0).getAsJsonObject();
        return "task " + t.get("taskName").getAsString() + " " + t.get("previousState").getAsString() + "->"
                + t.get("currentState").getAsString();
    }

}
