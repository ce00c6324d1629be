package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.cli.Factotum.Result;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and unusual input: a clear one-line message, the right exit code, never a stack trace.
 * Everything here is generated into a temporary directory.
 */
class BadInputIT {
    @TempDir
    Path dir;

    private void assertInvalid(Path factfile, String... commands) throws Exception {
        for (String command : commands) {
            Result result = Factotum.run(dir, command, factfile.toString()).assertNoStackTrace();
            int expected = command.equals("dot") ? 3 : 1;
            assertThat(result.exitCode()).as(command).isEqualTo(expected);
            String output = command.equals("dot") ? result.stderr() : result.stdout();
            String prefix = command.equals("dot") ? "Error: " : "";
            assertThat(output).as(command).startsWith(prefix).satisfiesAnyOf(
                    o -> assertThat(o.substring(prefix.length())).startsWith("Couldn't open '" + factfile + "'"),
                    o -> assertThat(o.substring(prefix.length())).startsWith("Couldn't read '" + factfile + "'"),
                    o -> assertThat(o.substring(prefix.length()))
                            .startsWith("'" + factfile + "' is not a valid factotum factfile: "));
        }
    }

    @Test
    void missingFile() throws Exception {
        Path missing = dir.resolve("nope.factfile");
        assertInvalid(missing, "run", "validate", "dot");
        assertThat(Factotum.run(dir, "run", missing.toString()).stdout())
                .isEqualTo("Couldn't open '" + missing + "' for reading: No such file or directory (os error 2)\n");
    }

    @Test
    void directory() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder.factfile"));
        assertInvalid(folder, "run", "validate", "dot");
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.factfile"));
        assertInvalid(empty, "run", "validate", "dot");
    }

    @Test
    void binaryGarbage() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        Path file = Files.write(dir.resolve("garbage.factfile"), garbage);
        assertInvalid(file, "run", "validate", "dot");
    }

    @Test
    void deepJsonNesting() throws Exception {
        int depth = 200_000;
        Path arrays = Files.writeString(dir.resolve("deep-arrays.factfile"), "[".repeat(depth) + "]".repeat(depth));
        assertInvalid(arrays, "validate", "dot");
        String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        Path inData = Files.writeString(dir.resolve("deep-objects.factfile"),
                "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":" + objects + "}");
        assertInvalid(inData, "run", "validate");
    }

    @Test
    void fiftyMegabyteFactfile() throws Exception {
        // A valid envelope whose single task has a 50 MB argument.
        Path file = dir.resolve("huge.factfile");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":\"huge\","
                    + "\"tasks\":[{\"name\":\"big\",\"executor\":\"shell\",\"command\":\"true\",\"arguments\":[\"");
            String chunk = "x".repeat(1024 * 1024);
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\"],\"dependsOn\":[],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}]}}");
        }
        assertThat(Files.size(file)).isGreaterThan(50L * 1024 * 1024);
        Result result = Factotum.run(dir, "validate", file.toString()).assertNoStackTrace();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("'" + file + "' is a valid Factfile!\n");
    }

    @Test
    void tenThousandTasks() throws Exception {
        // A wide fan-out and a long chain: 10,000 tasks in all.
        List<String> tasks = new ArrayList<>();
        tasks.add(SampleFactfiles.task("root", "true", List.of()));
        for (int i = 1; i < 5_000; i++) {
            tasks.add(SampleFactfiles.task("fan-" + i, "true", List.of("root")));
        }
        String previous = "root";
        for (int i = 0; i < 5_000; i++) {
            String name = "chain-" + i;
            tasks.add(SampleFactfiles.task(name, "true", List.of(previous)));
            previous = name;
        }
        Path file = Files.writeString(dir.resolve("tenk.factfile"), SampleFactfiles.job("ten thousand", tasks));

        Result validate = Factotum.run(dir, "validate", file.toString()).assertNoStackTrace();
        assertThat(validate.exitCode()).isZero();

        Result dot = Factotum.run(dir, "dot", file.toString()).assertNoStackTrace();
        assertThat(dot.exitCode()).isZero();
        assertThat(dot.stdout().lines().filter(l -> l.startsWith("    \"") && !l.contains("->")).count()).isEqualTo(10_000);

        Result dryRun = Factotum.run(dir, "run", file.toString(), "--dry-run").assertNoStackTrace();
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.stdout()).endsWith("10000/10000 tasks run in 0.0s\n");
    }

    @Test
    void invalidUtf8InAName() throws Exception {
        byte[] prefix = "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":\""
                .getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\",\"tasks\":[]}}".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        content[prefix.length] = (byte) 0xC3;
        content[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, content, prefix.length + 2, suffix.length);
        Path file = Files.write(dir.resolve("latin.factfile"), content);
        assertInvalid(file, "validate");
    }
}
