package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.cli.Factotum.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code factotum validate} on every fixture (spec 3.4 and the parser checklist of section 8). */
class ValidateIT {
    @TempDir
    Path dir;

    static Stream<Path> validFixtures() throws IOException {
        try (Stream<Path> files = Files.list(Factotum.testdata("factfiles"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".factfile")).sorted().toList();
            assertThat(list).hasSizeGreaterThanOrEqualTo(14);
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("validFixtures")
    void everyValidFixtureValidates(Path factfile) throws Exception {
        Result result = Factotum.run(dir, "validate", factfile.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("'" + factfile + "' is a valid Factfile!\n");
    }

    static Stream<Arguments> invalidFixtures() {
        return Stream.of(
                Arguments.of("example_invalid_no_continue.factfile",
                        "the task 'continue' has no way to continue successfully."),
                Arguments.of("example_invalid_no_name.factfile", "'/data/name' - This property is required"),
                Arguments.of("example_invalid_terminate_continue_same.factfile",
                        "the task 'ambi' has conflicting actions."),
                Arguments.of("example_wrong_type.factfile",
                        "'/data/tasks/0/onResult/terminateJobWithSuccess/0' - Type of the value is wrong (The value must be integer)"),
                Arguments.of("invalid_json.factfile", "invalid JSON - invalid syntax at line 1, column 3"));
    }

    @ParameterizedTest
    @MethodSource("invalidFixtures")
    void everyInvalidFixtureFailsWithTheSpecMessage(String name, String reason) throws Exception {
        String factfile = Factotum.testdata("factfiles-invalid/" + name).toString();
        Result validate = Factotum.run(dir, "validate", factfile).assertNoStackTrace();
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.stdout()).isEqualTo("'" + factfile + "' is not a valid factotum factfile: " + reason + "\n");

        Result run = Factotum.run(dir, "run", factfile).assertNoStackTrace();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo("'" + factfile + "' is not a valid factotum factfile: " + reason + "\n");

        Result dryRun = Factotum.run(dir, "run", factfile, "--dry-run");
        assertThat(dryRun.exitCode()).isEqualTo(1);
    }

    @Test
    void everyFixtureDirectoryIsCovered() throws IOException {
        try (Stream<Path> files = Files.list(Factotum.testdata("factfiles-invalid"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactlyElementsOf(invalidFixtures().map(a -> (String) a.get()[0]).sorted().toList());
        }
    }

    @Test
    void missingFile() throws Exception {
        Result result = Factotum.run(dir, "validate", "asdhf;asdjhfasdf").assertNoStackTrace();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEqualTo(
                "Couldn't open 'asdhf;asdjhfasdf' for reading: No such file or directory (os error 2)\n");
    }

    @Test
    void panicsOfTheOriginalAreValidationErrors() throws Exception {
        // Ruling 1: a duplicate task, a self dependency and a forward dependency exit 1 cleanly.
        List<String> jobs = List.of(
                SampleFactfiles.job("dup", List.of(SampleFactfiles.task("hello", "echo", List.of()),
                        SampleFactfiles.task("hello", "echo", List.of()))),
                SampleFactfiles.job("self", List.of(SampleFactfiles.task("a", "echo", List.of("a")))),
                SampleFactfiles.job("forward", List.of(SampleFactfiles.task("a", "echo", List.of("b")),
                        SampleFactfiles.task("b", "echo", List.of()))),
                SampleFactfiles.job("template", List.of(SampleFactfiles.task("{{#x}}", "echo", List.of()))));
        for (int i = 0; i < jobs.size(); i++) {
            Path factfile = dir.resolve("panic" + i + ".factfile");
            Files.writeString(factfile, jobs.get(i));
            Result result = Factotum.run(dir, "validate", factfile.toString()).assertNoStackTrace();
            assertThat(result.exitCode()).as(jobs.get(i)).isEqualTo(1);
            assertThat(result.stdout()).startsWith("'" + factfile + "' is not a valid factotum factfile: ");
            assertThat(result.stderr()).doesNotContain("panicked");
        }
    }
}
