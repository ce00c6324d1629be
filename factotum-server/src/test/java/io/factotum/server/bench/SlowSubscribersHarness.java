package io.factotum.server.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.server.FactotumServer;
import io.factotum.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Does a crowd of slow event-stream clients slow job execution? Runs the same output-heavy job on a
 * real server (RocksDB store, real shell tasks) with no subscribers and with {@code S} slow ones
 * (half on the job's own stream with its output lines, half on {@code /events}), interleaved over
 * several rounds, and prints each run's duration as the server recorded it (run start to end).
 * A slow client reads 1 KiB every 10 ms through a 4 KiB socket buffer; all of them live in one
 * other JVM ({@link SlowSubscriberClients}, one thread), so that the server's cost is not mixed with
 * 100 client threads competing for the same cores inside its process.
 *
 * <p>Two ways to meet the crowd: {@code during} (default), where the per-job half connects right after
 * the job is accepted, while its tasks print, so that the run also pays for 50 clients connecting and
 * being replayed its latest lines; and {@code before}, where the job's first task waits until every
 * client is connected and the measure starts when the printing tasks start: what a crowd that
 * listens costs, apart from what it costs to come in.
 *
 * <p>The tasks print as fast as they can ({@code firehose}, default: the job is bound by the CPU the
 * server spends on each line, so whatever else runs on the machine slows it), or {@code paced}: each
 * task prints its lines in 100 bursts 10 ms apart, as a real job's output comes, so that the measure
 * is whether the crowd holds the job up, not how much CPU it takes from it.
 *
 * <p>Usage: {@code SlowSubscribersHarness [subscribers=100] [rounds=5] [tasks=4] [linesPerTask=25000]
 * [during|before] [firehose|paced]}
 */
public final class SlowSubscribersHarness {
    private SlowSubscribersHarness() {
    }

    public static void main(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int lines = args.length > 3 ? Integer.parseInt(args[3]) : 25_000;
        boolean before = args.length > 4 && args[4].equals("before");
        if (args.length > 4 && !before && !args[4].equals("during")) {
            throw new IllegalArgumentException("the fifth argument is during or before, not " + args[4]);
        }
        Path dir = Files.createTempDirectory("slow-subscribers");
        Path gate = dir.resolve("gate");
        boolean paced = args.length > 5 && args[5].equals("paced");
        if (args.length > 5 && !paced && !args[5].equals("firehose")) {
            throw new IllegalArgumentException("the sixth argument is firehose or paced, not " + args[5]);
        }
        Path factfile = factfile(dir, tasks, lines, before ? Optional.of(gate) : Optional.empty(), paced);
        ServerConfig config = ServerConfig.builder().port(0).store(ServerConfig.StoreKind.ROCKSDB)
                .dataDir(dir.resolve("store")).factfileRoots(List.of(dir)).shutdownGrace(Duration.ofSeconds(5)).build();
        org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        FactotumServer server = FactotumServer.create(config, Clock.systemUTC());
        server.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ClientProcess clients = ClientProcess.start();
        Runtime.getRuntime().addShutdownHook(new Thread(clients::kill));
        String base = "http://127.0.0.1:" + server.port();
        System.err.printf("job: %d parallel tasks x %d lines%s, then one more task; %d slow subscribers, connected %s"
                + " the tasks print%n", tasks, lines, paced ? " in 100 bursts 10 ms apart" : "", subscribers,
                before ? "before" : "while");
        List<Measured> quiet = new ArrayList<>();
        List<Measured> crowded = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        run(http, base, factfile, gate, "warm-up", 0, server, clients); // JIT and page cache
        for (int r = 1; r <= rounds; r++) {
            Measured q = run(http, base, factfile, gate, "q" + r, 0, server, clients);
            Measured c = run(http, base, factfile, gate, "c" + r, subscribers, server, clients);
            quiet.add(q);
            crowded.add(c);
            ratios.add(c.millis() / q.millis());
            System.err.printf("round %d: 0 subscribers %.0f ms, %d slow subscribers %.0f ms, ratio %.2f%n", r,
                    q.millis(), subscribers, c.millis(), c.millis() / q.millis());
        }
        double quietMs = median(quiet.stream().map(Measured::millis).toList());
        double crowdedMs = median(crowded.stream().map(Measured::millis).toList());
        System.err.printf("median: 0 subscribers %.0f ms, %d slow subscribers %.0f ms; median of per-round ratios %.2f%n",
                quietMs, subscribers, crowdedMs, median(ratios));
        server.stop();
        clients.quit();
        String crowd = subscribers + " slow SSE subscribers" + (before ? " (connected before)" : "")
                + (paced ? ", paced output" : "");
        table(List.of(
                new String[] {"server, output-heavy job, " + crowd + ": run time (median per-round ratio "
                        + String.format(Locale.ROOT, "%.2f", median(ratios)) + ")", number(crowdedMs), "ms",
                    "same job, no subscribers", number(quietMs)},
                new String[] {"server, output-heavy job, " + crowd + ": server process CPU per run",
                    number(median(crowded.stream().map(m -> (double) m.serverCpuMillis()).toList())), "ms",
                    "same job, no subscribers",
                    number(median(quiet.stream().map(m -> (double) m.serverCpuMillis()).toList()))}));
    }

    /** One run: its duration as the server recorded it, and the CPU the server's process used meanwhile. */
    private record Measured(double millis, long serverCpuMillis) {
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /**
     * The house table (docs/benchmarks.md collects it): cell, figure, unit, baseline, baseline figure,
     * and their ratio; the same rows as TSV appended to $BENCH_RESULTS if set.
     */
    private static void table(List<String[]> rows) throws IOException {
        System.out.println("| cell | system | figure | unit | baseline | baseline figure | ratio |");
        System.out.println("|---|---|---|---|---|---|---|");
        StringBuilder tsv = new StringBuilder();
        for (String[] r : rows) {
            String ratio = String.format(Locale.ROOT, "%.2f", Double.parseDouble(r[1]) / Double.parseDouble(r[4]));
            String row = String.join("\t", r[0], "factotum-server, RocksDB", r[1], r[2], r[3], r[4], ratio);
            System.out.println("| " + row.replace("\t", " | ") + " |");
            tsv.append(row).append('\n');
        }
        String results = System.getenv("BENCH_RESULTS");
        if (results != null && !results.isEmpty()) {
            Files.writeString(Path.of(results), tsv.toString(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /**
     * The loud job; with a gate, its first task waits for that file and the printing tasks follow it;
     * paced, each task prints its lines in 100 bursts 10 ms apart.
     */
    private static Path factfile(Path dir, int tasks, int lines, Optional<Path> gate, boolean paced) throws IOException {
        String print = paced
                ? "for burst in $(seq 1 100); do seq 1 " + Math.max(1, lines / 100) + " | sed 's/^/output line /'; sleep 0.01; done"
                : "seq 1 " + lines + " | sed 's/^/output line /'";
        StringBuilder t = new StringBuilder();
        List<String> names = new ArrayList<>();
        String after = "";
        if (gate.isPresent()) {
            t.append("{\"name\":\"gate\",\"executor\":\"shell\",\"command\":\"while [ ! -f '").append(gate.get())
                    .append("' ]; do sleep 0.005; done; rm '").append(gate.get()).append("'\",\"arguments\":[],\"dependsOn\":[],"
                    + "\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}},");
            after = "\"gate\"";
        }
        for (int i = 1; i <= tasks; i++) {
            String name = "print" + i;
            names.add("\"" + name + "\"");
            t.append("{\"name\":\"").append(name).append("\",\"executor\":\"shell\",\"command\":\"").append(print)
                    .append("\",\"arguments\":[],\"dependsOn\":[").append(after)
                    .append("],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}},");
        }
        t.append("{\"name\":\"last\",\"executor\":\"shell\",\"command\":\"echo done\",\"arguments\":[],\"dependsOn\":[")
                .append(String.join(",", names)).append("],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}");
        Path file = dir.resolve("loud.factfile");
        Files.writeString(file, "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":\"loud\",\"tasks\":["
                + t + "]}}");
        return file;
    }

    /** Runs the job once with {@code subscribers} slow clients. */
    private static Measured run(HttpClient http, String base, Path factfile, Path gate, String tag, int subscribers,
            FactotumServer server, ClientProcess slowClients) throws Exception {
        boolean gated = Files.readString(factfile).contains("\"gate\"");
        int port = server.port();
        long droppedBefore = server.events().droppedStreams();
        CpuUse cpuBefore = CpuUse.now(slowClients.pid());
        JsonObject body = new JsonObject();
        body.addProperty("jobName", "loud");
        body.addProperty("factfilePath", factfile.toString());
        JsonArray args = new JsonArray();
        args.add("--tag");
        args.add("round," + tag);
        body.add("factfileArgs", args);
        // the /events half subscribes before the job exists; the per-job half right after it is accepted
        if (subscribers > 0) {
            slowClients.open(port, "/events", subscribers / 2);
        }
        String message = JsonParser.parseString(post(http, base + "/submit", body.toString())).getAsJsonObject()
                .get("message").getAsString();
        String id = message.substring(message.indexOf('[') + 1, message.indexOf(']'));
        if (subscribers > 0) {
            slowClients.open(port, "/jobs/" + id + "/events", subscribers - subscribers / 2);
        }
        if (gated) {
            // every stream admitted and past its replay (the job has printed nothing yet), then go
            while (server.events().openStreams() < subscribers) {
                Thread.sleep(5);
            }
            Files.writeString(gate, "");
        }
        JsonObject run;
        while (true) {
            JsonObject runs = JsonParser.parseString(get(http, base + "/jobs/" + id)).getAsJsonObject();
            if (runs.get("state").getAsString().equals("DONE")) {
                run = runs.getAsJsonArray("runs").get(0).getAsJsonObject();
                break;
            }
            Thread.sleep(50); // polling the job's state: the measure is the server's own timestamps
        }
        if (!run.get("outcome").getAsString().equals("SUCCEEDED")) {
            throw new IllegalStateException("job failed: " + run);
        }
        long dropped = server.events().droppedStreams() - droppedBefore;
        CpuUse cpu = CpuUse.now(slowClients.pid());
        System.err.printf("  %s: CPU ms %s%n", tag, cpu.minus(cpuBefore));
        if (subscribers > 0) {
            int ended = slowClients.closeAll();
            System.err.printf("  %s: the server dropped %d of the %d slow clients for falling behind"
                    + " (%d streams ended by the server)%n", tag, dropped, subscribers, ended);
        }
        // with a gate, from the start of the first printing task: the wait for the crowd is not the job's
        String from = run.get("startedAt").getAsString();
        if (gated) {
            from = run.getAsJsonArray("tasks").asList().stream().map(JsonElement::getAsJsonObject)
                    .filter(task -> task.get("taskName").getAsString().startsWith("print"))
                    .map(task -> task.get("startedAt").getAsString()).min(Comparator.comparing(Instant::parse)).orElseThrow();
        }
        return new Measured(Duration.between(Instant.parse(from),
                Instant.parse(run.get("finishedAt").getAsString())).toNanos() / 1e6,
                cpu.millis().get("server") - cpuBefore.millis().get("server"));
    }

    private static String post(HttpClient http, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Where the CPU of a run went (diagnostics, stderr): the server's process (its threads, by group,
     * for the long-lived ones), the task processes it reaped, and the slow clients' JVM.
     */
    private record CpuUse(Map<String, Long> millis) {
        static CpuUse now(long clientsPid) {
            Map<String, Long> m = new TreeMap<>();
            long[] self = procTimes("self");
            m.put("server", self[0]);
            m.put("tasks", self[1]);
            m.put("clients", procTimes(Long.toString(clientsPid))[0]);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t == null) {
                    continue;
                }
                String group = t.getThreadName().replaceAll("[0-9]+", "N");
                if (group.startsWith("XNIO") || group.equals("event-fan-out")) {
                    long ns = threads.getThreadCpuTime(t.getThreadId());
                    m.merge(group, Math.max(0, ns) / 1_000_000, Long::sum);
                }
            }
            return new CpuUse(m);
        }

        String minus(CpuUse before) {
            StringBuilder out = new StringBuilder();
            millis.forEach((k, v) -> out.append(k).append(' ').append(v - before.millis.getOrDefault(k, 0L)).append(", "));
            return out.substring(0, out.length() - 2);
        }

        /** {user+system of the process, user+system of its reaped children} in ms, from /proc. */
        private static long[] procTimes(String pid) {
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields 14-17 of stat(5): utime stime cutime cstime, in clock ticks (100 per second)
                return new long[] {(Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10,
                    (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10};
            } catch (IOException | RuntimeException e) {
                return new long[] {-1, -1};
            }
        }
    }

    /** The {@link SlowSubscriberClients} JVM, driven through its standard input and output. */
    private static final class ClientProcess {
        private final Process process;
        private final BufferedReader answers;
        private final Writer commands;

        private ClientProcess(Process process) {
            this.process = process;
            this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static ClientProcess start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // small and quiet: a serial collector and C1 only, so that it takes as little CPU as it can
            Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), SlowSubscriberClients.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new ClientProcess(p);
        }

        void open(int port, String path, int count) throws IOException {
            ask("open " + port + " " + path + " " + count, "OPENED");
        }

        /** Closes every client; returns how many streams the server had ended. */
        int closeAll() throws IOException {
            return Integer.parseInt(ask("close", "CLOSED").substring("CLOSED ".length()));
        }

        private String ask(String command, String expected) throws IOException {
            commands.write(command + "\n");
            commands.flush();
            String answer = answers.readLine();
            if (answer == null || !answer.startsWith(expected)) {
                throw new IllegalStateException("slow clients answered " + answer + " to " + command);
            }
            return answer;
        }

        void quit() throws IOException, InterruptedException {
            commands.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        void kill() {
            process.destroyForcibly();
        }

        long pid() {
            return process.pid();
        }
    }
}
