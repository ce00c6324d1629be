package io.factotum.bench.embedded;

import io.factotum.bench.ResultTable;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The embedded cells of issue 9, every system in one JVM, interleaved over rounds, medians printed
 * with the baseline of the same run:
 *
 * <pre>
 * EmbeddedBench burst [key=value ...]   # burst of n one-task `sh -c true` jobs, then of n no-op jobs
 * EmbeddedBench idle  [key=value ...]   # 1 job every interval, submit-to-start p50 / p99
 * </pre>
 * Keys: {@code jobs} (2000 burst, 500 idle), {@code rounds} (3), {@code workers} (4), {@code warmup}
 * (100 burst, 50 idle: jobs run untimed, per system, before the rounds or at the head of each idle
 * run), {@code systems} (comma-separated ids, default all), {@code pg} (JDBC URL; without it the
 * PostgreSQL systems are skipped), {@code pguser} (postgres), {@code intervalMs} (10), {@code work}
 * (idle: sh or noop; sh), {@code jobrunrPollMs} (JobRunr's poll interval; 0: the least it accepts),
 * {@code timeoutS} (120: a measurement still unfinished then counts as failed), {@code results} (TSV
 * file to append to).
 */
public final class EmbeddedBench {
    private static final String FLOOR = "java-floor";
    private static final String XARGS = "xargs";

    private final Options options;
    private final Path factfile;

    private EmbeddedBench(Options options, Path factfile) {
        this.options = options;
        this.factfile = factfile;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("burst") || args[0].equals("idle"))) {
            System.err.println("usage: EmbeddedBench burst|idle [key=value ...]");
            System.exit(2);
        }
        Options options = Options.parse(args[0], Arrays.copyOfRange(args, 1, args.length));
        Path dir = Files.createTempDirectory("factotum-bench-factfile-");
        try {
            EmbeddedBench bench = new EmbeddedBench(options, FactotumContender.writeFactfile(dir));
            if (options.postgres().isPresent()) {
                options.postgres().get().createSchemas();
            }
            List<ResultTable.Row> rows = args[0].equals("burst") ? bench.burst() : bench.idle();
            ResultTable table = new ResultTable();
            rows.forEach(table::add);
            table.printMarkdown(System.out, true);
            if (options.results().isPresent()) {
                table.appendTsv(options.results().get());
            }
        } finally {
            Files.deleteIfExists(dir.resolve("true.factfile"));
            Files.deleteIfExists(dir);
        }
        // Peers may leave non-daemon threads behind (pools, timers); the figures are out.
        System.exit(0);
    }

    /** The systems selected, by id, in table order; baselines included. */
    private Map<String, SystemUnderTest> systems() {
        int w = options.workers();
        int maxJobs = options.jobs() + options.warmup() + 1_000;
        Optional<Postgres> pg = options.postgres();
        Duration jobrunrPoll = Duration.ofMillis(options.jobrunrPollMs());
        Map<String, SystemUnderTest> all = new LinkedHashMap<>();
        all.put("factotum-rocksdb", new SystemUnderTest("Factotum embedded, RocksDB (durable)",
                (work, t) -> new FactotumContender(FactotumContender.Store.ROCKSDB, w, maxJobs, factfile, work, t)));
        all.put("factotum-memory", new SystemUnderTest("Factotum embedded, memory store",
                (work, t) -> new FactotumContender(FactotumContender.Store.MEMORY, w, maxJobs, factfile, work, t)));
        all.put("quartz-ram", new SystemUnderTest("Quartz 2.5, RAMJobStore (not durable)",
                (work, t) -> QuartzContender.inMemory(w, work, t)));
        if (pg.isPresent()) {
            all.put("quartz-jdbc", new SystemUnderTest("Quartz 2.5, JDBC JobStoreTX on PostgreSQL",
                    (work, t) -> QuartzContender.jdbc(w, pg.get(), work, t)));
            all.put("db-scheduler", new SystemUnderTest("db-scheduler 16 on PostgreSQL",
                    (work, t) -> new DbSchedulerContender(w, pg.get(), work, t)));
        }
        all.put("jobrunr-memory", new SystemUnderTest("JobRunr 8, in-memory storage (not durable)",
                (work, t) -> new JobRunrContender(w, jobrunrPoll, Optional.empty(), work, t)));
        if (pg.isPresent()) {
            all.put("jobrunr-pg", new SystemUnderTest("JobRunr 8 on PostgreSQL",
                    (work, t) -> new JobRunrContender(w, jobrunrPoll, pg, work, t)));
        }
        all.put(FLOOR, new SystemUnderTest("Java floor: " + w + "-thread executor, no scheduler",
                (work, t) -> new ExecutorFloor(w, work, t)));
        Map<String, SystemUnderTest> chosen = new LinkedHashMap<>();
        all.forEach((id, system) -> {
            if (options.systems().isEmpty() || options.systems().contains(id) || id.equals(FLOOR)) {
                chosen.put(id, system);
            }
        });
        return chosen;
    }

    // ---------------------------------------------------------------- burst

    private List<ResultTable.Row> burst() throws InterruptedException {
        Map<String, SystemUnderTest> systems = systems();
        int n = options.jobs();
        Map<String, List<Double>> shRates = new HashMap<>();
        Map<String, List<Double>> noopRates = new HashMap<>();
        if (options.warmup() > 0) {
            for (Map.Entry<String, SystemUnderTest> e : systems.entrySet()) {
                for (Work work : Work.values()) {
                    System.err.printf("warm-up: %s, %d %s jobs%n", e.getKey(), options.warmup(), work);
                    burstOnce(e.getValue(), work, options.warmup());
                }
            }
        }
        List<String> ids = new ArrayList<>(systems.keySet());
        for (int round = 1; round <= options.rounds(); round++) {
            // Each round starts with another system, so none is always first after a pause.
            List<String> order = rotate(ids, round - 1);
            double xargs = xargsRate(n);
            shRates.computeIfAbsent(XARGS, k -> new ArrayList<>()).add(xargs);
            System.err.printf("round %d/%d: %-16s sh -c true %8.1f jobs/s%n", round, options.rounds(), XARGS, xargs);
            for (Work work : Work.values()) {
                for (String id : order) {
                    double rate = burstOnce(systems.get(id), work, n);
                    (work == Work.SH_TRUE ? shRates : noopRates).computeIfAbsent(id, k -> new ArrayList<>()).add(rate);
                    System.err.printf("round %d/%d: %-16s %-10s %8.1f jobs/s%n", round, options.rounds(), id,
                            work == Work.SH_TRUE ? "sh -c true" : "no-op", rate);
                }
            }
        }
        int w = options.workers();
        String shCell = String.format(Locale.ROOT, "embedded burst, %,d one-task `sh -c true` jobs, %d workers", n, w);
        String noopCell = String.format(Locale.ROOT, "embedded burst, %,d no-op jobs, %d workers", n, w);
        String xargsName = "`xargs -P" + w + "` (`seq " + n + " | xargs -P" + w + " -I{} sh -c true`)";
        double xargsMedian = median(shRates.get(XARGS));
        double floorNoop = median(noopRates.get(FLOOR));
        String floorName = systems.get(FLOOR).name();
        List<ResultTable.Row> rows = new ArrayList<>();
        systems.forEach((id, system) -> rows.add(new ResultTable.Row(shCell, system.name(), median(shRates.get(id)),
                "jobs/s", xargsName, xargsMedian)));
        rows.add(new ResultTable.Row(shCell, xargsName, xargsMedian, "jobs/s", xargsName, xargsMedian));
        systems.forEach((id, system) -> rows.add(new ResultTable.Row(noopCell, system.name(), median(noopRates.get(id)),
                "jobs/s", floorName, floorNoop)));
        return rows;
    }

    /** One timed burst: submit {@code n} jobs from this thread, wait for all to end; jobs/s or NaN. */
    private double burstOnce(SystemUnderTest system, Work work, int n) {
        Tracker tracker = new Tracker(n);
        try (Contender contender = system.open(work, tracker)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                contender.submit(i);
            }
            boolean done = tracker.await(options.timeoutS(), TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;
            if (!done || tracker.failures() > 0) {
                System.err.printf("  %s: %d jobs unfinished, %d failed: no figure%n", system.name(),
                        tracker.unfinished(), tracker.failures());
                return Double.NaN;
            }
            return n / (elapsed / 1e9);
        } catch (Exception e) {
            System.err.println("  " + system.name() + " failed: " + e);
            e.printStackTrace();
            return Double.NaN;
        }
    }

    /** {@code seq n | xargs -P<workers> -I{} sh -c true}, timed from here: jobs/s. */
    private double xargsRate(int n) {
        String line = "seq " + n + " | xargs -P" + options.workers() + " -I{} sh -c true";
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder("sh", "-c", line).redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.INHERIT).start();
            int code = p.waitFor();
            long elapsed = System.nanoTime() - start;
            return code == 0 ? n / (elapsed / 1e9) : Double.NaN;
        } catch (IOException e) {
            System.err.println("xargs failed: " + e);
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    // ---------------------------------------------------------------- idle

    private List<ResultTable.Row> idle() {
        Map<String, SystemUnderTest> systems = systems();
        Map<String, List<Double>> p50s = new HashMap<>();
        Map<String, List<Double>> p99s = new HashMap<>();
        List<String> ids = new ArrayList<>(systems.keySet());
        for (int round = 1; round <= options.rounds(); round++) {
            for (String id : rotate(ids, round - 1)) {
                double[] p = idleOnce(systems.get(id));
                p50s.computeIfAbsent(id, k -> new ArrayList<>()).add(p[0]);
                p99s.computeIfAbsent(id, k -> new ArrayList<>()).add(p[1]);
                System.err.printf("round %d/%d: %-16s p50 %7.3f ms  p99 %7.3f ms%n", round, options.rounds(), id,
                        p[0], p[1]);
            }
        }
        String what = options.work() == Work.SH_TRUE ? "one-task `sh -c true` jobs" : "no-op jobs";
        String cell = String.format(Locale.ROOT, "embedded idle, 1 job every %d ms (%s, %,d measured), "
                + "submit to start", options.intervalMs(), what, options.jobs());
        String floorName = systems.get(FLOOR).name();
        double floor50 = median(p50s.get(FLOOR));
        double floor99 = median(p99s.get(FLOOR));
        List<ResultTable.Row> rows = new ArrayList<>();
        systems.forEach((id, system) -> rows.add(new ResultTable.Row(cell + " p50", system.name(), median(p50s.get(id)),
                "ms", floorName, floor50)));
        systems.forEach((id, system) -> rows.add(new ResultTable.Row(cell + " p99", system.name(), median(p99s.get(id)),
                "ms", floorName, floor99)));
        return rows;
    }

    /** One paced run: warm-up jobs then measured ones, one every interval; {p50, p99} in ms or NaN. */
    private double[] idleOnce(SystemUnderTest system) {
        int warmup = options.warmup();
        int total = warmup + options.jobs();
        Tracker tracker = new Tracker(total);
        long interval = TimeUnit.MILLISECONDS.toNanos(options.intervalMs());
        try (Contender contender = system.open(options.work(), tracker)) {
            long next = System.nanoTime() + interval;
            for (int i = 0; i < total; i++) {
                for (long wait; (wait = next - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                tracker.submitted(i, System.nanoTime());
                contender.submit(i);
                next += interval;
            }
            boolean done = tracker.await(options.timeoutS(), TimeUnit.SECONDS);
            long[] latencies = tracker.latencies(warmup);
            long missing = Arrays.stream(latencies).filter(l -> l < 0).count();
            if (!done || missing > 0 || tracker.failures() > 0) {
                System.err.printf("  %s: %d jobs unfinished, %d never started, %d failed: no figure%n",
                        system.name(), tracker.unfinished(), missing, tracker.failures());
                return new double[] {Double.NaN, Double.NaN};
            }
            Arrays.sort(latencies);
            return new double[] {percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6};
        } catch (Exception e) {
            System.err.println("  " + system.name() + " failed: " + e);
            e.printStackTrace();
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    // ---------------------------------------------------------------- statistics

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The median of the figures that exist; NaN when none does (a failure in any round is reported on stderr). */
    static double median(List<Double> values) {
        if (values == null) {
            return Double.NaN;
        }
        double[] ok = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (ok.length == 0) {
            return Double.NaN;
        }
        return ok.length % 2 == 1 ? ok[ok.length / 2] : (ok[ok.length / 2 - 1] + ok[ok.length / 2]) / 2;
    }

    private static <T> List<T> rotate(List<T> list, int by) {
        List<T> out = new ArrayList<>(list);
        Collections.rotate(out, -(by % Math.max(1, list.size())));
        return out;
    }

    /** The harness's settings; see the class comment. */
    record Options(int jobs, int rounds, int workers, int warmup, List<String> systems, Optional<Postgres> postgres,
            int intervalMs, Work work, int jobrunrPollMs, int timeoutS, Optional<Path> results) {

        static Options parse(String mode, String[] args) {
            Map<String, String> kv = new HashMap<>();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("expected key=value: " + arg);
                }
                kv.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
            boolean burst = mode.equals("burst");
            String systems = kv.getOrDefault("systems", "");
            String pg = kv.getOrDefault("pg", "");
            String results = kv.getOrDefault("results", "");
            return new Options(
                    Integer.parseInt(kv.getOrDefault("jobs", burst ? "2000" : "500")),
                    Integer.parseInt(kv.getOrDefault("rounds", "3")),
                    Integer.parseInt(kv.getOrDefault("workers", "4")),
                    Integer.parseInt(kv.getOrDefault("warmup", burst ? "100" : "50")),
                    systems.isBlank() ? List.of() : List.of(systems.split(",")),
                    pg.isBlank() ? Optional.empty() : Optional.of(new Postgres(pg, kv.getOrDefault("pguser", "postgres"))),
                    Integer.parseInt(kv.getOrDefault("intervalMs", "10")),
                    kv.getOrDefault("work", "sh").equals("noop") ? Work.NOOP : Work.SH_TRUE,
                    Integer.parseInt(kv.getOrDefault("jobrunrPollMs", "0")),
                    Integer.parseInt(kv.getOrDefault("timeoutS", "120")),
                    results.isBlank() ? Optional.empty() : Optional.of(Path.of(results)));
        }
    }
}
