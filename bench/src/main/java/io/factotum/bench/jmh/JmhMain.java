package io.factotum.bench.jmh;

import io.factotum.bench.ResultTable;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the hot-path JMH benchmarks ({@code bench/jmh.sh}) and prints each figure with its in-run
 * baseline (named by {@link ComparedWith}) and their ratio. A benchmark selected by the regex brings
 * its baseline with it. Short defaults; the system properties {@code jmh.forks},
 * {@code jmh.warmups}, {@code jmh.iterations} and {@code jmh.seconds} make runs longer.
 *
 * <p>Usage: {@code JmhMain [regex over Class.method]}
 */
public final class JmhMain {
    private static final List<Class<?>> BENCHMARKS = List.of(JobIdBenchmark.class, FactfileParseBenchmark.class,
            PayloadBenchmark.class, StoreTransitionBenchmark.class);

    private JmhMain() {
    }

    public static void main(String[] args) throws RunnerException {
        Pattern selection = Pattern.compile(args.length > 0 ? args[0] : ".*");
        Map<String, String> baselineOf = new HashMap<>();
        Set<String> selected = new LinkedHashSet<>();
        for (Class<?> type : BENCHMARKS) {
            for (Method m : type.getMethods()) {
                if (!m.isAnnotationPresent(Benchmark.class)) {
                    continue;
                }
                ComparedWith pair = m.getAnnotation(ComparedWith.class);
                String name = type.getName() + "." + m.getName();
                if (pair == null || !selection.matcher(type.getSimpleName() + "." + m.getName()).find()) {
                    continue;
                }
                String baseline = type.getName() + "." + pair.value();
                baselineOf.put(name, baseline);
                selected.add(name);
                selected.add(baseline);
            }
        }
        if (selected.isEmpty()) {
            System.err.println("no benchmark matches " + selection);
            System.exit(2);
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(Integer.getInteger("jmh.forks", 1))
                .warmupIterations(Integer.getInteger("jmh.warmups", 2))
                .measurementIterations(Integer.getInteger("jmh.iterations", 3))
                .warmupTime(TimeValue.seconds(Integer.getInteger("jmh.seconds", 1)))
                .measurementTime(TimeValue.seconds(Integer.getInteger("jmh.seconds", 1)))
                // the forked JVMs need the same fixture and store directory as this one
                .jvmArgsAppend(forwarded());
        for (String name : selected) {
            options.include("^" + Pattern.quote(name) + "$");
        }
        // JMH's progress goes to stderr: stdout carries only the table.
        VerboseMode verbosity = VerboseMode.valueOf(System.getProperty("jmh.verbosity", "NORMAL"));
        Collection<RunResult> results = new Runner(options.build(),
                OutputFormatFactory.createFormatInstance(System.err, verbosity)).run();
        Map<String, RunResult> byName = new HashMap<>();
        for (RunResult r : results) {
            byName.put(r.getParams().getBenchmark(), r);
        }
        ResultTable table = new ResultTable();
        for (String name : selected) {
            String baseline = baselineOf.get(name);
            RunResult figure = byName.get(name);
            RunResult base = baseline == null ? null : byName.get(baseline);
            if (figure == null || base == null) {
                continue;
            }
            table.add(new ResultTable.Row("jmh " + shortName(name), "factotum",
                    figure.getPrimaryResult().getScore(), figure.getPrimaryResult().getScoreUnit(),
                    shortName(baseline), base.getPrimaryResult().getScore()));
        }
        table.print();
    }

    private static String shortName(String benchmark) {
        return benchmark.substring("io.factotum.bench.jmh.".length());
    }

    private static String[] forwarded() {
        List<String> flags = new ArrayList<>();
        for (String property : List.of(BenchFactfiles.FIXTURE_PROPERTY, "factotum.bench.dir")) {
            String value = System.getProperty(property);
            if (value != null) {
                flags.add("-D" + property + "=" + value);
            }
        }
        return flags.toArray(String[]::new);
    }
}
