package io.factotum.bench.server;

import io.factotum.bench.ResultTable;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP server cells of issue 9, against servers the calling script started
 * ({@code bench/server-http.sh}, {@code bench/cluster.sh}):
 * <ul>
 *   <li>{@code burst}: {@code --jobs} one-task {@code true} jobs from {@code --clients} keep-alive
 *       clients; end-to-end jobs/s (first submission to last DONE, learnt from {@code GET /events})
 *       and submissions/s; baseline {@code xargs -P<n>} running as many {@code sh -c true}, or, with
 *       {@code --baseline-system}, one of the systems.</li>
 *   <li>{@code latency}: submissions at an open-loop {@code --rate} for {@code --seconds}, p50/p99;
 *       baseline {@code GET /health/live} at the same rate from the same connections. Each round
 *       waits until the submitted jobs are DONE.</li>
 *   <li>{@code idle}: one job every {@code --interval-ms}, submission to task start p50/p99, where a
 *       task's start is when its shell wrote the job's number into a FIFO the harness reads, and the
 *       submission is when the harness began to write the request; baseline: the round trip of
 *       {@code GET /health/live}, sent half an interval after each submission on the same connection.</li>
 * </ul>
 * Every system gets {@code --warmup} jobs first (not counted). Rounds interleave the systems (their
 * order rotates each round); the table shows medians over {@code --rounds}. {@code --header false}
 * leaves out the table's header lines, for a script that continues one table.
 */
public final class ServerBench {
    private final BenchOptions options;
    private final ResultTable table = new ResultTable();
    private final AtomicLong sequence = new AtomicLong();
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    private ServerBench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        ServerBench bench = new ServerBench(options);
        switch (options.mode()) {
            case "burst" -> bench.burst();
            case "latency" -> bench.latency();
            case "idle" -> bench.idle();
            default -> throw new IllegalArgumentException("unknown mode " + options.mode());
        }
        bench.table.print(!options.text("header", "true").equals("false"));
        System.exit(0); // the event stream readers are daemons, but say so plainly
    }

    private Map<String, ServerUnderTest> connect() throws Exception {
        Map<String, ServerUnderTest> systems = new LinkedHashMap<>();
        for (Map.Entry<String, List<URI>> e : options.systems().entrySet()) {
            systems.put(e.getKey(), new ServerUnderTest(e.getKey(), e.getValue(), run, sequence));
        }
        return systems;
    }

    private void warmUp(Map<String, ServerUnderTest> systems, Path factfile) throws Exception {
        int warmup = options.integer("warmup", 200);
        if (warmup <= 0) {
            return;
        }
        for (ServerUnderTest s : systems.values()) {
            ServerUnderTest.Burst b = s.burst(factfile, warmup, options.integer("clients", 4));
            System.err.printf("warm-up %s: %d jobs, %.0f jobs/s%n", s.label(), warmup, b.jobsPerSecond());
        }
    }

    /** The systems in the order of round {@code round}: the list rotated by the round number. */
    private static <T> List<T> rotated(List<T> items, int round) {
        List<T> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(items.get((i + round) % items.size()));
        }
        return order;
    }

    private void burst() throws Exception {
        int jobs = options.integer("jobs", 1000);
        int clients = options.integer("clients", 4);
        int rounds = options.integer("rounds", 3);
        int parallel = options.integer("xargs-parallel", 4);
        String cell = options.text("cell", "server burst");
        String baselineSystem = options.values().get("baseline-system");
        Path factfile = Factfiles.oneTrueTask(options.work());
        Map<String, ServerUnderTest> systems = connect();
        warmUp(systems, factfile);
        String xargs = "xargs -P" + parallel + " sh -c true";
        Map<String, List<Double>> jobsPerSecond = new LinkedHashMap<>();
        Map<String, List<Double>> submitsPerSecond = new LinkedHashMap<>();
        List<String> entrants = new ArrayList<>(systems.keySet());
        if (baselineSystem == null) {
            entrants.add(xargs);
        }
        for (int round = 0; round < rounds; round++) {
            for (String name : rotated(entrants, round)) {
                if (name.equals(xargs)) {
                    double perSecond = xargs(jobs, parallel);
                    jobsPerSecond.computeIfAbsent(name, k -> new ArrayList<>()).add(perSecond);
                    System.err.printf("round %d/%d %s: %.0f jobs/s%n", round + 1, rounds, name, perSecond);
                    continue;
                }
                ServerUnderTest.Burst b = systems.get(name).burst(factfile, jobs, clients);
                jobsPerSecond.computeIfAbsent(name, k -> new ArrayList<>()).add(b.jobsPerSecond());
                submitsPerSecond.computeIfAbsent(name, k -> new ArrayList<>()).add(b.submitsPerSecond());
                System.err.printf("round %d/%d %s: %.0f jobs/s, %.0f submits/s%n", round + 1, rounds, name,
                        b.jobsPerSecond(), b.submitsPerSecond());
            }
        }
        String baseline = baselineSystem == null ? xargs : baselineSystem;
        double base = ResultTable.median(jobsPerSecond.get(baseline));
        // Against another system, submissions compare with its submissions; against xargs, with its runs/s.
        double submitBase = baselineSystem == null ? base : ResultTable.median(submitsPerSecond.get(baselineSystem));
        String what = cell + ", " + jobs + " one-task jobs, " + clients + " clients";
        String baselineLabel = baselineSystem == null
                ? "`xargs -P" + parallel + "`, " + jobs + " x `sh -c true`"
                : baselineSystem;
        for (String name : systems.keySet()) {
            if (name.equals(baselineSystem)) {
                continue;
            }
            table.add(what + ": end to end", name, ResultTable.median(jobsPerSecond.get(name)), "jobs/s",
                    baselineLabel + (baselineSystem == null ? "" : ", end to end"), base);
            table.add(what + ": submissions", name, ResultTable.median(submitsPerSecond.get(name)), "submits/s",
                    baselineLabel + (baselineSystem == null ? " (runs/s)" : ", submissions"), submitBase);
        }
        systems.values().forEach(ServerUnderTest::close);
    }

    /** {@code jobs} runs of {@code sh -c true}, {@code parallel} at a time, by xargs: runs/s. */
    private static double xargs(int jobs, int parallel) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c",
                "seq " + jobs + " | xargs -P" + parallel + " -n1 sh -c true _")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        long start = System.nanoTime();
        int exit = pb.start().waitFor();
        long took = System.nanoTime() - start;
        if (exit != 0) {
            throw new IOException("xargs exited with " + exit);
        }
        return jobs * 1e9 / took;
    }

    private void latency() throws Exception {
        double rate = options.decimal("rate", 500);
        double seconds = options.decimal("seconds", 10);
        int connections = options.integer("connections", 16);
        int rounds = options.integer("rounds", 3);
        Path factfile = Factfiles.oneTrueTask(options.work());
        Map<String, ServerUnderTest> systems = connect();
        warmUp(systems, factfile);
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String name : rotated(new ArrayList<>(systems.keySet()), round)) {
                ServerUnderTest s = systems.get(name);
                // The two phases alternate their order too.
                for (String phase : round % 2 == 0 ? List.of("health", "submit") : List.of("submit", "health")) {
                    long[] latency;
                    if (phase.equals("health")) {
                        latency = s.openLoop(rate, seconds, connections, c -> c.get("/health/live"));
                    } else {
                        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
                        latency = s.openLoop(rate, seconds, connections, s.submitting(factfile, ids));
                        long t = System.nanoTime();
                        s.completions().awaitAll(List.copyOf(ids), 900);
                        System.err.printf("  %s: the %d submitted jobs were DONE %.1f s after the last submission%n",
                                name, ids.size(), (System.nanoTime() - t) / 1e9);
                    }
                    double p50 = ResultTable.percentileMillis(latency, 50);
                    double p99 = ResultTable.percentileMillis(latency, 99);
                    figures.computeIfAbsent(name + "|" + phase + "|p50", k -> new ArrayList<>()).add(p50);
                    figures.computeIfAbsent(name + "|" + phase + "|p99", k -> new ArrayList<>()).add(p99);
                    System.err.printf("round %d/%d %s %s at %.0f/s: p50 %.2f ms, p99 %.2f ms%n", round + 1, rounds,
                            name, phase, rate, p50, p99);
                }
            }
        }
        String rateText = String.format(java.util.Locale.ROOT, "%.0f", rate);
        for (String name : systems.keySet()) {
            for (String p : List.of("p50", "p99")) {
                table.add("server submit latency " + p + ", open loop " + rateText + " requests/s", name,
                        ResultTable.median(figures.get(name + "|submit|" + p)), "ms",
                        "GET /health/live " + p + ", same rate and client",
                        ResultTable.median(figures.get(name + "|health|" + p)));
            }
        }
        systems.values().forEach(ServerUnderTest::close);
    }

    private void idle() throws Exception {
        int jobs = options.integer("jobs", 200);
        long interval = TimeUnit.MILLISECONDS.toNanos(options.integer("interval-ms", 50));
        int rounds = options.integer("rounds", 3);
        Path work = options.work();
        Path fifo = work.resolve("task-starts.fifo");
        Files.createDirectories(work);
        if (!Files.exists(fifo)) {
            int made = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
            if (made != 0) {
                throw new IOException("mkfifo " + fifo + " failed");
            }
        }
        Path factfile = Factfiles.oneStartReport(work, fifo);
        Map<Long, Long> started = new ConcurrentHashMap<>();
        // Opened read-write: the open does not wait for a writer, and the stream never sees an
        // end of file between two tasks' writes.
        try (RandomAccessFile pipe = new RandomAccessFile(fifo.toFile(), "rw")) {
            Thread reader = new Thread(() -> readStarts(pipe, started), "task starts");
            reader.setDaemon(true);
            reader.start();
            Map<String, ServerUnderTest> systems = connect();
            warmUp(systems, factfile);
            Map<String, List<Double>> figures = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (String name : rotated(new ArrayList<>(systems.keySet()), round)) {
                    ServerUnderTest s = systems.get(name);
                    HttpConnection c = s.client(0)[0];
                    long[] sent = new long[jobs];
                    long[] numbers = new long[jobs];
                    long[] health = new long[jobs];
                    long[] submitTrip = new long[jobs];
                    List<String> ids = new ArrayList<>();
                    long start = System.nanoTime() + interval;
                    for (int i = 0; i < jobs; i++) {
                        long due = start + i * interval;
                        ServerUnderTest.parkUntil(due);
                        numbers[i] = s.nextSequence();
                        String body = s.submitBody(factfile, numbers[i]);
                        sent[i] = System.nanoTime();
                        ids.add(c.postJson("/submit", body).submittedJobId());
                        submitTrip[i] = System.nanoTime() - sent[i];
                        ServerUnderTest.parkUntil(due + interval / 2);
                        long h = System.nanoTime();
                        HttpReply r = c.get("/health/live");
                        health[i] = System.nanoTime() - h;
                        if (r.status() != 200) {
                            throw new IOException("GET /health/live: HTTP " + r.status());
                        }
                    }
                    s.completions().awaitAll(ids, 300);
                    long[] toStart = new long[jobs];
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    for (int i = 0; i < jobs; i++) {
                        while (!started.containsKey(numbers[i]) && System.nanoTime() < deadline) {
                            Thread.sleep(5);
                        }
                        Long at = started.get(numbers[i]);
                        if (at == null) {
                            throw new IOException("job n=" + numbers[i] + " is DONE but its task wrote no start");
                        }
                        toStart[i] = at - sent[i];
                    }
                    Map<String, Double> round1 = Map.of(
                            "start|p50", ResultTable.percentileMillis(toStart, 50),
                            "start|p99", ResultTable.percentileMillis(toStart, 99),
                            "health|p50", ResultTable.percentileMillis(health, 50),
                            "health|p99", ResultTable.percentileMillis(health, 99));
                    round1.forEach((k, v) -> figures.computeIfAbsent(name + "|" + k, x -> new ArrayList<>()).add(v));
                    System.err.printf("round %d/%d %s: submit to task start p50 %.2f / p99 %.2f ms; submit round trip"
                            + " p50 %.2f ms; GET /health/live p50 %.2f / p99 %.2f ms%n", round + 1, rounds, name,
                            round1.get("start|p50"), round1.get("start|p99"), ResultTable.percentileMillis(submitTrip, 50),
                            round1.get("health|p50"), round1.get("health|p99"));
                }
            }
            double ms = interval / 1e6;
            for (String name : systems.keySet()) {
                for (String p : List.of("p50", "p99")) {
                    table.add(String.format(java.util.Locale.ROOT,
                            "server idle, 1 job every %.0f ms: submit to task start %s", ms, p), name,
                            ResultTable.median(figures.get(name + "|start|" + p)), "ms",
                            "GET /health/live round trip " + p + ", same client",
                            ResultTable.median(figures.get(name + "|health|" + p)));
                }
            }
            systems.values().forEach(ServerUnderTest::close);
            pipe.write("end\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Records when each job number arrives on the FIFO, until the harness writes {@code end}. */
    private static void readStarts(RandomAccessFile pipe, Map<Long, Long> started) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(pipe.getFD()),
                    StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null && !line.equals("end"); line = in.readLine()) {
                long now = System.nanoTime();
                try {
                    started.putIfAbsent(Long.parseLong(line.trim()), now);
                } catch (NumberFormatException e) {
                    System.err.println("unexpected line on the task-start FIFO: " + line);
                }
            }
        } catch (IOException e) {
            System.err.println("task-start FIFO: " + e);
        }
    }
}
