package io.factotum.bench.scale;

import io.factotum.bench.ResultTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 9's scale cell: 100,000 queued jobs in under 200 MB of heap, recovered after {@code kill -9}
 * in under 5 s. Each round a child JVM ({@link ScaleChild} {@code fill}) queues the jobs on RocksDB
 * behind one busy worker and reports its used heap after a full GC, before submitting (the
 * baseline) and after; it is then killed with SIGKILL, and two fresh JVMs open a store and start
 * the scheduler: an empty one (the baseline) and the killed one's, which must report every job
 * queued or running. Their figure is the wall time from launching the JVM to that report.
 *
 * <p>Usage: {@code ScaleHarness [jobs=100000] [rounds=1] [submitThreads=8]}; the stores live under
 * the directory named by {@code factotum.bench.dir} and are deleted after each round.
 */
public final class ScaleHarness {
    private static final long FILL_TIMEOUT_MINUTES = 20;

    private final int jobs;
    private final int threads;
    private final Path parent;
    /** Children still running, so that a failure or Ctrl-C does not leave one behind. */
    private final List<Process> children = new ArrayList<>();

    private ScaleHarness(int jobs, int threads, Path parent) {
        this.jobs = jobs;
        this.threads = threads;
        this.parent = parent;
    }

    /** What one round measured. */
    private record Round(double heapBeforeMb, double heapAfterMb, double emptyStartS, double recoveryS) {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path parent = Path.of(System.getProperty("factotum.bench.dir", System.getProperty("java.io.tmpdir")));
        ScaleHarness harness = new ScaleHarness(jobs, threads, parent);
        Runtime.getRuntime().addShutdownHook(new Thread(harness::killChildren));
        List<Round> results = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            results.add(harness.round(r));
        }
        String n = String.format("%,d", jobs);
        ResultTable table = new ResultTable();
        table.add(new ResultTable.Row("scale: " + n + " queued jobs, used heap after full GC", "factotum embedded, RocksDB",
                median(results, Round::heapAfterMb), "MB", "same JVM before submitting",
                median(results, Round::heapBeforeMb)));
        table.add(new ResultTable.Row("scale: recovery after kill -9, JVM launch to started with " + n + " queued",
                "factotum embedded, RocksDB", median(results, Round::recoveryS), "s",
                "JVM launch to started, empty store", median(results, Round::emptyStartS)));
        table.print();
    }

    private Round round(int number) throws Exception {
        Path dir = Files.createTempDirectory(parent, "scale");
        try {
            Path factfile = dir.resolve("one.factfile");
            Files.writeString(factfile, "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\","
                    + "\"data\":{\"name\":\"one\",\"tasks\":[{\"name\":\"one\",\"executor\":\"shell\",\"command\":\"true\","
                    + "\"arguments\":[],\"dependsOn\":[],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}]}}");
            Path store = dir.resolve("store");
            Process fill = launch("fill", store.toString(), factfile.toString(), Integer.toString(jobs),
                    Integer.toString(threads));
            Map<String, String> filled = readUntil(fill, "FILLED", FILL_TIMEOUT_MINUTES * 60);
            long rssKb = rssKb(fill.pid());
            fill.destroyForcibly(); // SIGKILL: no shutdown hook, no store close
            fill.waitFor(30, TimeUnit.SECONDS);
            children.remove(fill);
            double before = Long.parseLong(filled.get("HEAP_BEFORE")) / 1e6;
            double after = Long.parseLong(filled.get("HEAP_AFTER")) / 1e6;
            System.err.printf("round %d: queued %s jobs in %s s; heap %.1f MB -> %.1f MB; RSS %d MB; killed%n",
                    number, filled.get("QUEUED"), filled.get("SUBMIT_SECONDS"), before, after, rssKb / 1024);

            // alternate which start goes first, so neither always meets a warmer page cache
            double empty;
            double recovery;
            if (number % 2 == 1) {
                empty = timedStart(dir.resolve("empty"), 0);
                recovery = timedStart(store, jobs + 1);
            } else {
                recovery = timedStart(store, jobs + 1);
                empty = timedStart(dir.resolve("empty"), 0);
            }
            System.err.printf("round %d: start on an empty store %.2f s, recovery %.2f s%n", number, empty, recovery);
            return new Round(before, after, empty, recovery);
        } finally {
            deleteTree(dir);
        }
    }

    /** Seconds from launching a {@code recover} JVM to its READY line. */
    private double timedStart(Path store, int expected) throws Exception {
        long start = System.nanoTime();
        Process p = launch("recover", store.toString(), Integer.toString(expected));
        Map<String, String> facts = readUntil(p, "READY", 120);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("  %s: in-JVM %s ms, queued %s%n", store.getFileName(), facts.get("IN_JVM_MS"),
                facts.get("QUEUED"));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        children.remove(p);
        return seconds;
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), ScaleChild.class.getName()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        return p;
    }

    /** Reads the child's {@code KEY value} lines until {@code last}; fails if it exits or times out first. */
    private static Map<String, String> readUntil(Process p, String last, long timeoutSeconds) throws Exception {
        Map<String, String> facts = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    System.err.println("child timed out after " + timeoutSeconds + " s; killing it");
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals(last)) {
                watchdog.interrupt();
                return facts;
            }
            int space = line.indexOf(' ');
            if (space > 0) {
                facts.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        throw new IllegalStateException("child ended before " + last + " (exit " + p.waitFor() + "): " + facts);
    }

    private static long rssKb(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("[^0-9]", ""))
                    .mapToLong(Long::parseLong).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private void killChildren() {
        for (Process p : List.copyOf(children)) {
            p.destroyForcibly();
        }
    }

    private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
        double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
