package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.cli.Factotum.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code factotum dot} (spec 3.5 and 6): the fixtures byte for byte, --output/--overwrite, errors. */
class DotIT {
    @TempDir
    Path dir;

    private static String fixture(String name) throws Exception {
        return new String(Files.readAllBytes(Factotum.testdata("dot/" + name)), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example_apples", "example_apples_poly"})
    void dotEqualsTheFixture(String name) throws Exception {
        Result result = Factotum.run(dir, "dot", Factotum.testdata("dot/" + name + ".factfile").toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(fixture(name + ".dot"));
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void reducedDotStartsAtTurnip() throws Exception {
        Result result = Factotum.run(dir, "dot", Factotum.testdata("dot/example_reduced.factfile").toString(),
                "--start", "turnip");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(fixture("example_reduced.dot"));
    }

    @Test
    void dotIsNotTemplated() throws Exception {
        Path factfile = dir.resolve("t.factfile");
        Files.writeString(factfile, SampleFactfiles.job("job {{ env }}",
                List.of(SampleFactfiles.task("task {{ env }}", "echo", List.of()))));
        Result result = Factotum.run(dir, "dot", factfile.toString());
        assertThat(result.stdout()).isEqualTo("digraph \"job {{ env }}\" {\n    \"task {{ env }}\"\n}");
    }

    @Test
    void badStartTasks() throws Exception {
        String apples = Factotum.testdata("dot/example_apples.factfile").toString();
        Result unknown = Factotum.run(dir, "dot", apples, "--start", "banana");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.stdout()).isEmpty();
        assertThat(unknown.stderr()).isEqualTo("Error: the task specified could not be found\n");

        // chicken depends on orange, which is outside the sub-tree of potato... potato -> chicken <- orange.
        Result notSubTree = Factotum.run(dir, "dot", apples, "--start", "potato");
        assertThat(notSubTree.exitCode()).isEqualTo(3);
        assertThat(notSubTree.stderr()).isEqualTo("Error: the job cannot be started here.\n");
    }

    @Test
    void parseErrorsAreDotErrors() throws Exception {
        String invalid = Factotum.testdata("factfiles-invalid/invalid_json.factfile").toString();
        Result result = Factotum.run(dir, "dot", invalid);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).isEqualTo("Error: '" + invalid
                + "' is not a valid factotum factfile: invalid JSON - invalid syntax at line 1, column 3\n");
    }

    @Test
    void outputCreatesANewFileOnly() throws Exception {
        String apples = Factotum.testdata("dot/example_apples.factfile").toString();
        Path out = dir.resolve("graph.dot");
        Result written = Factotum.run(dir, "dot", apples, "--output", out.toString());
        assertThat(written.exitCode()).isZero();
        assertThat(written.stdout()).isEqualTo("File written successfully\n");
        assertThat(out).hasBinaryContent(fixture("example_apples.dot").getBytes(StandardCharsets.UTF_8));

        Result exists = Factotum.run(dir, "dot", apples, "--output=" + out);
        assertThat(exists.exitCode()).isEqualTo(3);
        assertThat(exists.stderr()).isEqualTo("Error: couldn't create file '" + out + "' (File exists (os error 17))\n");
    }

    @Test
    void overwriteTruncatesOrCreates() throws Exception {
        String reduced = Factotum.testdata("dot/example_reduced.factfile").toString();
        Path out = dir.resolve("graph.dot");
        Files.writeString(out, "x".repeat(10_000));
        Result overwritten = Factotum.run(dir, "dot", reduced, "--start", "turnip", "--output", out.toString(), "--overwrite");
        assertThat(overwritten.exitCode()).isZero();
        assertThat(out).hasBinaryContent(fixture("example_reduced.dot").getBytes(StandardCharsets.UTF_8));

        Path fresh = dir.resolve("fresh.dot");
        assertThat(Factotum.run(dir, "dot", reduced, "--overwrite", "--output", fresh.toString()).exitCode()).isZero();
        assertThat(fresh).isRegularFile();
    }

    @Test
    void unwritableOutput() throws Exception {
        String apples = Factotum.testdata("dot/example_apples.factfile").toString();
        Path missingDir = dir.resolve("no/such/dir/graph.dot");
        Result result = Factotum.run(dir, "dot", apples, "--output", missingDir.toString());
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).isEqualTo("Error: couldn't create file '" + missingDir
                + "' (No such file or directory (os error 2))\n");

        Result empty = Factotum.run(dir, "dot", apples, "--output=").assertNoStackTrace();
        assertThat(empty.exitCode()).isEqualTo(3);
        assertThat(empty.stderr()).isEqualTo("Error: couldn't create file '' (No such file or directory (os error 2))\n");

        Result directory = Factotum.run(dir, "dot", apples, "--output", dir.toString(), "--overwrite");
        assertThat(directory.exitCode()).isEqualTo(3);
        assertThat(directory.stderr()).isEqualTo("Error: couldn't create file '" + dir + "' (Is a directory (os error 21))\n");
    }
}
