package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.engine.TaskState;
import io.factotum.job.JobEntryJson;
import io.factotum.job.JobRun;
import io.factotum.job.TaskRun;
import io.factotum.store.consul.ConsulAgentExtension;
import io.factotum.store.consul.ConsulStorage;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several in-process servers (separate node names, separate ports) on one real Consul agent and
 * namespace act as one job server: issue 8's must-shows 2, 4, 5 and 7.
 */
class ConsulClusterTest {
    @RegisterExtension
    static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

    @TempDir
    Path dir;

    private final String namespace = "com.example/cluster-" + UUID.randomUUID();
    private final List<TestServer> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(TestServer::close);
    }

    private TestServer node(String name, int workers, Path... extraRoots) {
        List<Path> roots = new ArrayList<>(List.of(TestServer.repoRoot().resolve("testdata")));
        roots.addAll(List.of(extraRoots));
        ServerConfig config = TestServer.consulNode(dir, CONSUL.agent().httpPort(), namespace, name)
                .factfileRoots(roots).maxJobs(1000).maxWorkers(workers).build();
        TestServer server = new TestServer(config);
        nodes.add(server);
        return server;
    }

    private ConsulStorage store() {
        return ConsulStorage.open(CONSUL.agent().settings(namespace), Clock.systemUTC());
    }

    @Test
    void threeHundredJobsSubmittedRoundRobinRunExactlyOnceAndEveryNodeRunsSome() throws Exception {
        Path rootA = Files.createDirectories(dir.resolve("jobs"));
        Path factfile = Factfiles.write(rootA, "one.factfile", "one", Factfiles.task("only", "echo ran"));
        List<TestServer> cluster = List.of(node("node-a", 4, rootA), node("node-b", 4, rootA), node("node-c", 4, rootA));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(cluster.get(i % 3).submit("job " + i, factfile, "--tag", "n," + i));
        }
        assertThat(ids).doesNotHaveDuplicates();

        Map<String, Integer> ranOn = new TreeMap<>();
        try (ConsulStorage store = store()) {
            for (String id : ids) {
                TestServer.await("job " + id + " DONE", () -> store.jobs().get(id).map(j -> j.entry().isDone()).orElse(false));
                var entry = store.jobs().get(id).orElseThrow().entry();
                assertThat(entry.lastOutcome().name()).as(id).isEqualTo("SUCCEEDED");
                List<JobRun> runs = store.runs().runs(id);
                assertThat(runs).as("runs of %s", id).hasSize(1);
                assertThat(runs.get(0).tasks()).extracting(TaskRun::state).containsExactly(TaskState.SUCCEEDED);
                ranOn.merge(entry.lastRunFrom(), 1, Integer::sum);
            }
            assertThat(store.queue().size()).isZero();
            assertThat(store.queue().claimsOf("node-a")).isEmpty();
        }
        System.out.println("300 jobs over 3 nodes ran on: " + ranOn);
        assertThat(ranOn.keySet()).containsExactlyInAnyOrder("node-a", "node-b", "node-c");
        assertThat(ranOn.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
    }

    @Test
    void theSameJobSubmittedToThreeNodesAtOnceIsAcceptedExactlyOnce() throws Exception {
        List<TestServer> cluster = List.of(node("node-a", 2), node("node-b", 2), node("node-c", 2));
        String body = TestServer.submitBody("same", TestServer.factfile("echo.factfile").toString());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 5; round++) {
                String tagged = body.replace("\"factfileArgs\":[]", "\"factfileArgs\":[\"--tag\",\"round," + round + "\"]");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<TestServer.Answer>> answers = new ArrayList<>();
                for (TestServer server : cluster) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return server.post("/submit", tagged);
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<TestServer.Answer> answer : answers) {
                    statuses.add(answer.get().status());
                }
                assertThat(statuses).as("round %d: %s", round, statuses).filteredOn(s -> s == 200).hasSize(1);
                assertThat(statuses).filteredOn(s -> s == 400).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aJobSubmittedToANodeWithTheFactfileRunsOnANodeWithoutIt() throws Exception {
        Path gateDir = Files.createDirectories(dir.resolve("gate"));
        Path onlyOnA = Files.createDirectories(dir.resolve("only-on-a"));
        Path blocker = Factfiles.write(onlyOnA, "blocker.factfile", "blocker", Factfiles.gated(gateDir, "hold", "held"));
        Path travelling = Factfiles.write(onlyOnA, "travelling.factfile", "travelling",
                Factfiles.task("print", "echo travelled"));
        TestServer a = node("node-a", 1, onlyOnA);
        // A's only worker is busy, so the next job waits in the cluster queue for another node.
        String held = a.submit("blocker", blocker);
        TestServer.await("the blocker runs on A", () -> a.state(held).equals("WORKING"));
        String id = a.submit("travelling", travelling);
        // The file is gone from every disk before any other node exists: B can only run the stored text.
        Files.delete(travelling);
        TestServer b = node("node-b", 1);

        assertThat(b.awaitDone(id)).isEqualTo("SUCCEEDED");
        JsonObject entry = b.get("/check?id=" + id).json().getAsJsonObject();
        assertThat(entry.get("lastRunFrom").getAsString()).isEqualTo("node-b");
        try (ConsulStorage store = store()) {
            assertThat(store.runs().runs(id).get(0).tasks().get(0).stdout()).contains("travelled");
        }
        Files.writeString(gateDir.resolve("gate"), "");
        assertThat(a.awaitDone(held)).isEqualTo("SUCCEEDED");
    }

    @Test
    void anIdleNodeIsWokenByABlockingQueryWhenAnotherNodeQueuesAJob() throws Exception {
        Path gateDir = Files.createDirectories(dir.resolve("gate"));
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Path blocker = Factfiles.write(jobs, "blocker.factfile", "blocker", Factfiles.gated(gateDir, "hold", "held"));
        Path quick = Factfiles.write(jobs, "quick.factfile", "quick", Factfiles.task("print", "echo quick"));
        TestServer a = node("node-a", 1, jobs);
        String held = a.submit("blocker", blocker);
        TestServer.await("the blocker runs on A", () -> a.state(held).equals("WORKING"));
        TestServer b = node("node-b", 1, jobs);
        TestServer.await("B is idle, waiting", () -> b.get("/status").json().getAsJsonObject()
                .getAsJsonObject("dispatcher").getAsJsonObject("workers").get("active").getAsInt() == 0);

        long submittedAt = System.nanoTime();
        String id = a.submit("quick", quick);
        TestServer.await("B runs the job", () -> a.state(id).equals("DONE"));
        Duration latency = Duration.ofNanos(System.nanoTime() - submittedAt);

        System.out.println("queued on A, done on idle B after " + latency.toMillis() + " ms");
        assertThat(a.get("/check?id=" + id).json().getAsJsonObject().get("lastRunFrom").getAsString()).isEqualTo("node-b");
        // B's safety poll is 30 s: only the blocking query can wake it this soon.
        assertThat(latency).isLessThan(Duration.ofSeconds(10));
        Files.writeString(gateDir.resolve("gate"), "");
        a.awaitDone(held);
    }

    @Test
    void theEntryAtNamespaceSlashJobIdIsTheOriginalsJsonFieldForField() throws Exception {
        TestServer a = node("node-a", 1);
        String id = a.submit("echo job", TestServer.factfile("echo.factfile"), "--tag", "k,v");
        a.awaitDone(id);

        String raw = rawConsulValue(namespace + "/" + id);
        JsonObject json = JsonParser.parseString(raw).getAsJsonObject();
        assertThat(json.keySet()).containsExactly("state", "jobRequest", "lastRunFrom", "lastOutcome");
        assertThat(json.getAsJsonObject("jobRequest").keySet())
                .containsExactly("jobId", "jobName", "factfilePath", "factfileArgs");
        assertThat(json.get("state").getAsString()).isEqualTo("DONE");
        assertThat(json.get("lastOutcome").getAsString()).isEqualTo("SUCCEEDED");
        assertThat(json.get("lastRunFrom").getAsString()).isEqualTo("node-a");
        assertThat(json.getAsJsonObject("jobRequest").get("jobId").getAsString()).isEqualTo(id);
        assertThat(raw).as("compact, as the original writes it").isEqualTo(JobEntryJson.encode(JobEntryJson.decode(raw)));
        // The original's /check forms: the bare id and the namespaced key.
        assertThat(a.get("/check?id=" + id).status()).isEqualTo(200);
        assertThat(a.get("/check?id=" + namespace + "/" + id).status()).isEqualTo(200);
        // Nothing else of the cluster's lives under <namespace>/.
        assertThat(rawConsulKeys(namespace + "/")).containsExactly(namespace + "/" + id);
    }

    private static String rawConsulValue(String key) throws Exception {
        String body = get("/v1/kv/" + key);
        String base64 = JsonParser.parseString(body).getAsJsonArray().get(0).getAsJsonObject().get("Value").getAsString();
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static List<String> rawConsulKeys(String prefix) throws Exception {
        return JsonParser.parseString(get("/v1/kv/" + prefix + "?keys")).getAsJsonArray().asList().stream()
                .map(e -> e.getAsString()).collect(Collectors.toList());
    }

    private static String get(String path) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + CONSUL.agent().httpPort() + path)
                .toURL().openConnection();
        try {
            assertThat(c.getResponseCode()).as(path).isEqualTo(200);
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

}
