package io.factotum.bench.jmh;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.factotum.engine.JobPlan;
import io.factotum.engine.PlanException;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.FactfileException;
import io.factotum.factfile.FactfileParser;
import io.factotum.factfile.Variables;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Factfile parsing ({@link FactfileParser}: JSON, schema validation, decoding, templating) of a small
 * fixture and of a generated 10,000-task factfile, and the whole submit-time work on the large one
 * (parse, validate, plan: issue 9's goal is under 200 ms), each against Gson reading the same text
 * into a {@link JsonElement} tree, i.e. JSON parsing alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FactfileParseBenchmark {
    /** Tasks in the generated factfile. */
    public static final int LARGE_TASKS = 10_000;

    private final FactfileParser parser = new FactfileParser();
    private String small;
    private String large;

    @Setup
    public void setUp() {
        small = BenchFactfiles.small();
        large = BenchFactfiles.generated(LARGE_TASKS);
    }

    @Benchmark
    @ComparedWith("gsonTreeSmall")
    public Factfile parseSmall() throws FactfileException {
        return parser.parse(small, "small.factfile", Variables.none());
    }

    @Benchmark
    public JsonElement gsonTreeSmall() {
        return JsonParser.parseString(small);
    }

    @Benchmark
    @ComparedWith("gsonTree10kTasks")
    public Factfile parse10kTasks() throws FactfileException {
        return parser.parse(large, "large.factfile", Variables.none());
    }

    @Benchmark
    @ComparedWith("gsonTree10kTasks")
    public JobPlan parseValidatePlan10kTasks() throws FactfileException, PlanException {
        Factfile factfile = parser.parse(large, "large.factfile", Variables.none());
        return JobPlan.forRun(factfile, Optional.empty(), false);
    }

    @Benchmark
    public JsonElement gsonTree10kTasks() {
        return JsonParser.parseString(large);
    }
}
