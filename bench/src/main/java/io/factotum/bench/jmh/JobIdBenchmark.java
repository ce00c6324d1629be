package io.factotum.bench.jmh;

import io.factotum.factfile.FactfileException;
import io.factotum.job.JobId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The job id of a submit (server spec 5.1: parse, canonical re-encoding, SHA-256) against a plain
 * SHA-256 of the same factfile bytes, the least any content hash costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JobIdBenchmark {
    private String text;
    private byte[] bytes;
    private final Map<String, String> tags = Map.of("client", "bench", "run", "42");

    @Setup
    public void setUp() {
        text = BenchFactfiles.small();
        bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @ComparedWith("sha256OfTheText")
    public String jobId() throws FactfileException {
        return JobId.compute(text, tags);
    }

    @Benchmark
    public byte[] sha256OfTheText() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
