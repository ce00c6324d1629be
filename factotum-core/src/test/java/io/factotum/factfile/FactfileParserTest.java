package io.factotum.factfile;

import io.factotum.compat.OsErrors;
import static io.factotum.factfile.FactfileTestData.testdata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The parse pipeline of spec 1.4 end to end, the "Parser" group of checklist 8 and ruling 1. */
class FactfileParserTest {
    private final FactfileParser parser = new FactfileParser();

    @TempDir
    Path tmp;

    // ---- checklist 8, "Parser" ------------------------------------------------------------------

    @Test
    void missingFileReportsTheOsError() {
        Path missing = Path.of("asdhf;asdjhfasdf");
        assumeThat(Files.exists(missing)).isFalse();
        assertThatThrownBy(() -> parser.parse(missing, "asdhf;asdjhfasdf", Variables.none()))
                .isInstanceOf(FactfileException.class)
                .hasMessage("Couldn't open 'asdhf;asdjhfasdf' for reading: No such file or directory (os error 2)");
    }

    static Stream<String[]> invalidFixtures() {
        return Stream.of(
                new String[] {"invalid_json.factfile", "invalid JSON - invalid syntax at line 1, column 3"},
                new String[] {"example_invalid_no_name.factfile", "'/data/name' - This property is required"},
                new String[] {"example_wrong_type.factfile",
                    "'/data/tasks/0/onResult/terminateJobWithSuccess/0' - Type of the value is wrong (The value must be integer)"},
                new String[] {"example_invalid_terminate_continue_same.factfile", "the task 'ambi' has conflicting actions."},
                new String[] {"example_invalid_no_continue.factfile", "the task 'continue' has no way to continue successfully."});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void everyInvalidFixtureFailsWithTheSpecMessage(String fixture, String message) {
        Path file = testdata("factfiles-invalid/" + fixture);
        String shown = "./tests/resources/" + fixture;
        String expected = "'" + shown + "' is not a valid factotum factfile: " + message;
        assertThatThrownBy(() -> parser.parse(file, shown, Variables.none())).hasMessage(expected);
        assertThatThrownBy(() -> parser.parseUntemplated(file, shown)).hasMessage(expected);
    }

    @Test
    void invalidFixturesAreExactlyTheOnesWeKnow() throws IOException {
        try (Stream<Path> files = Files.list(testdata("factfiles-invalid"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(invalidFixtures().map(a -> a[0]).toList());
        }
    }

    @Test
    void exampleOkParsesWithItsCompactRaw() throws Exception {
        Factfile ff = parser.parse(testdata("factfiles/example_ok.factfile"), "example_ok", Variables.none());
        assertThat(ff.name()).isEqualTo("My First DAG");
        assertThat(ff.tasks()).extracting(TaskSpec::name).containsExactly("EmrEtlRunner", "StorageLoader", "SQL Runner");
        assertThat(ff.tasks()).extracting(TaskSpec::dependsOn)
                .containsExactly(List.of(), List.of("EmrEtlRunner"), List.of("StorageLoader"));
        TaskSpec sql = ff.tasks().get(2);
        assertThat(sql.executor()).isEqualTo("shell");
        assertThat(sql.command()).isEqualTo("/opt/sql-runner-0.2.0/sql-runner");
        assertThat(sql.arguments()).containsExactly("--playbook", "./sql-runner/playbooks/stage-1.yml", "--sqlroot", "./sql-runner/sql");
        assertThat(sql.onResult()).isEqualTo(new OnResult(List.of(3), List.of(0)));
        assertThat(ff.tasks().get(0).onResult()).isEqualTo(new OnResult(List.of(), List.of(0)));
        assertThat(ff.raw()).isEqualTo("{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\","
                + "\"data\":{\"name\":\"My First DAG\",\"tasks\":["
                + "{\"name\":\"EmrEtlRunner\",\"executor\":\"shell\",\"command\":\"./acme-emr-etl-runner.sh\",\"arguments\":[\"???\",\"???\"],"
                + "\"dependsOn\":[],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}},"
                + "{\"name\":\"StorageLoader\",\"executor\":\"shell\",\"command\":\"./acme-storage-loader.sh\",\"arguments\":[\"???\"],"
                + "\"dependsOn\":[\"EmrEtlRunner\"],\"onResult\":{\"terminateJobWithSuccess\":[3],\"continueJob\":[0]}},"
                + "{\"name\":\"SQL Runner\",\"executor\":\"shell\",\"command\":\"/opt/sql-runner-0.2.0/sql-runner\","
                + "\"arguments\":[\"--playbook\",\"./sql-runner/playbooks/stage-1.yml\",\"--sqlroot\",\"./sql-runner/sql\"],"
                + "\"dependsOn\":[\"StorageLoader\"],\"onResult\":{\"terminateJobWithSuccess\":[3],\"continueJob\":[0]}}]}}");
    }

    @Test
    void dryRunOverrideReplacesEveryTasksMappings() throws Exception {
        Factfile ff = parser.parse(testdata("factfiles/example_ok.factfile"), "example_ok", Variables.none())
                .withDryRunMappings();
        assertThat(ff.tasks()).extracting(TaskSpec::onResult).containsOnly(new OnResult(List.of(), List.of(0)));
        assertThat(ff.tasks()).extracting(TaskSpec::name).containsExactly("EmrEtlRunner", "StorageLoader", "SQL Runner");
    }

    // ---- fixtures and raw -----------------------------------------------------------------------

    static Stream<Path> validFixtures() throws IOException {
        List<Path> all = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(testdata("factfiles"))) {
            files.sorted().forEach(all::add);
        }
        try (Stream<Path> files = Files.list(testdata("dot"))) {
            files.filter(p -> p.toString().endsWith(".factfile")).sorted().forEach(all::add);
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFixtures")
    void everyValidFixtureParses(Path file) throws Exception {
        Factfile templated = parser.parse(file, file.toString(), Variables.none());
        Factfile untemplated = parser.parseUntemplated(file, file.toString());
        assertThat(templated.tasks()).isNotEmpty().hasSameSizeAs(untemplated.tasks());
        assertThat(templated.name()).isNotBlank();
        assertThat(templated.raw()).startsWith("{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":");
    }

    @Test
    void echoRawIs612BytesInFixedFieldOrder() throws Exception {
        Factfile ff = parser.parse(testdata("factfiles/echo.factfile"), "echo.factfile", Variables.none());
        assertThat(ff.raw().getBytes(StandardCharsets.UTF_8)).hasSize(612);
        assertThat(ff.raw()).startsWith("{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\","
                + "\"data\":{\"name\":\"echo order demo\",\"tasks\":[{\"name\":\"echo alpha\",\"executor\":\"shell\","
                + "\"command\":\"echo\",\"arguments\":[\"alpha\"],\"dependsOn\":[],"
                + "\"onResult\":{\"terminateJobWithSuccess\":[3],\"continueJob\":[0]}},");
        assertThat(ff.raw()).endsWith("\"arguments\":[\"and omega!\"],\"dependsOn\":[\"echo beta\"],"
                + "\"onResult\":{\"terminateJobWithSuccess\":[3],\"continueJob\":[0]}}]}}");
    }

    @Test
    void rawIgnoresFileOrderWhitespaceAndDuplicatesAndEscapesLikeRustcSerialize() throws Exception {
        String text = "{ \"data\" : { \"tasks\" : [ { \"onResult\": {\"continueJob\": [0, 1], \"terminateJobWithSuccess\": [ 3 ]},"
                + " \"dependsOn\": [], \"arguments\": [\"a\\\"b\", \"tab\\there\", \"\\u007f\", \"\\/é\\ud83d\\ude00\"],"
                + " \"command\": \"x\", \"command\": \"echo\\\\\", \"executor\": \"shell\", \"name\": \"t\" } ], \"name\": \"n\" },"
                + " \"schema\": \"iglu:a/b/c/1-0-0\" }";
        Factfile ff = parser.parse(text, "f", null);
        assertThat(ff.raw()).isEqualTo("{\"schema\":\"iglu:a/b/c/1-0-0\",\"data\":{\"name\":\"n\",\"tasks\":[{\"name\":\"t\","
                + "\"executor\":\"shell\",\"command\":\"echo\\\\\",\"arguments\":[\"a\\\"b\",\"tab\\there\",\"\\u007f\",\"/é\uD83D\uDE00\"],"
                + "\"dependsOn\":[],\"onResult\":{\"terminateJobWithSuccess\":[3],\"continueJob\":[0,1]}}]}}");
        assertThat(ff.tasks().get(0).command()).isEqualTo("echo\\");
    }

    @Test
    void emptyTaskListIsValid() throws Exception {
        Factfile ff = parser.parse(factfile("empty", List.of()), "f", Variables.none());
        assertThat(ff.tasks()).isEmpty();
        assertThat(ff.raw()).isEqualTo("{\"schema\":\"iglu:com.acme/job/jsonschema/1-0-0\",\"data\":{\"name\":\"empty\",\"tasks\":[]}}");
    }

    // ---- templating -----------------------------------------------------------------------------

    @Test
    void dynamicNamesFromEnv() throws Exception {
        Path file = testdata("factfiles/echo-with-dynamic-name.factfile");
        Factfile ff = parser.parse(file, "f", new Variables(Map.of("env", "prod"), Map.of()));
        assertThat(ff.name()).isEqualTo("echo order demo prod");
        assertThat(ff.tasks().get(0).name()).isEqualTo("echo alpha prod");
        assertThat(ff.tasks().get(0).arguments()).containsExactly("alpha prod");
        assertThat(ff.tasks().get(1).dependsOn()).containsExactly("echo alpha prod");
        assertThat(ff.raw()).contains("\"name\":\"echo order demo prod\"").doesNotContain("{{");
    }

    @Test
    void dynamicNamesFromTags() throws Exception {
        Path file = testdata("factfiles/echo-with-dynamic-name-from-tag.factfile");
        Factfile ff = parser.parse(file, "f", new Variables(Map.of(), Map.of("env", "prod")));
        assertThat(ff.name()).isEqualTo("echo order demo prod");
        assertThat(ff.tasks().get(0).name()).isEqualTo("echo alpha prod");
        assertThat(ff.tasks().get(1).dependsOn()).containsExactly("echo alpha prod");
    }

    @Test
    void withoutVariablesPlaceholdersStayLiteralAndWithEmptyVariablesTheyVanish() throws Exception {
        Path file = testdata("factfiles/echo-with-dynamic-name.factfile");
        Factfile dot = parser.parseUntemplated(file, "f");
        assertThat(dot.name()).isEqualTo("echo order demo {{ env }}");
        assertThat(dot.tasks().get(1).dependsOn()).containsExactly("echo alpha {{ env }}");
        assertThat(dot.raw()).contains("{{ env }}");

        Factfile validate = parser.parse(file, "f", Variables.none());
        assertThat(validate.name()).isEqualTo("echo order demo ");
        assertThat(validate.tasks().get(0).name()).isEqualTo("echo alpha ");
    }

    @Test
    void commandIsRenderedForErrorsButRunUntemplatedAndValuesAreHtmlEscaped() throws Exception {
        String text = factfile("{{ m }}", List.of(task("t {{m}}", "echo {{ m }}", List.of("{{ m }}", "{{{ m }}}"), List.of())));
        Factfile ff = parser.parse(text, "f", new Variables(Map.of("m", "a&b"), Map.of()));
        TaskSpec t = ff.tasks().get(0);
        assertThat(ff.name()).isEqualTo("a&amp;b");
        assertThat(t.name()).isEqualTo("t a&amp;b");
        assertThat(t.command()).isEqualTo("echo {{ m }}");
        assertThat(t.arguments()).containsExactly("a&amp;b", "a&b");
        assertThat(ff.raw()).contains("\"command\":\"echo a&amp;b\"");
    }

    @Test
    void templateErrorsAreCleanValidationErrors() {
        String badCommand = factfile("j", List.of(task("t", "echo {{ x", List.of(), List.of())));
        assertThatThrownBy(() -> parser.parse(badCommand, "f", Variables.none()))
                .isInstanceOf(FactfileException.class)
                .hasMessage("'f' is not a valid factotum factfile: Error rendering template: unclosed tag");
        String badExecutor = factfile("j", List.of(task("t", "echo", List.of(), List.of())))
                .replace("\"executor\":\"shell\"", "\"executor\":\"{{#s}}\"");
        assertThatThrownBy(() -> parser.parse(badExecutor, "f", Variables.none()))
                .hasMessage("'f' is not a valid factotum factfile: Error rendering template: Unclosed mustache section s");
        String sectionOnString = factfile("j", List.of(task("t", "echo", List.of("{{#m}}x{{/m}}"), List.of())));
        assertThatThrownBy(() -> parser.parse(sectionOnString, "f", new Variables(Map.of("m", "v"), Map.of())))
                .hasMessageStartingWith("'f' is not a valid factotum factfile: Error rendering template: unexpected value");
    }

    @Test
    void theRawStringIsRenderedAsOneTemplateSoJsonBracesCanCloseATag() throws Exception {
        // In the raw string the "{{" of the command is closed by the "}}" ending onResult, so only
        // the command's own rendering fails (as in Factotum).
        String text = factfile("j", List.of(task("t", "echo {{ x", List.of(), List.of())));
        assertThatThrownBy(() -> parser.parse(text, "f", Variables.none()))
                .hasMessage("'f' is not a valid factotum factfile: Error rendering template: unclosed tag");
    }

    @Test
    void malformedTemplatesAreIgnoredWhenNotTemplating() throws Exception {
        String text = factfile("{{", List.of(task("t {{", "echo {{", List.of("{{}}"), List.of())));
        Factfile ff = parser.parse(text, "f", null);
        assertThat(ff.name()).isEqualTo("{{");
        assertThat(ff.tasks().get(0).arguments()).containsExactly("{{}}");
    }

    // ---- which error wins ------------------------------------------------------------------------

    @Test
    void jsonErrorsWinOverEverythingAndSchemaErrorsOverTaskChecks() {
        assertThatThrownBy(() -> parser.parse("{\"data\": 1,", "f", Variables.none()))
                .hasMessage("'f' is not a valid factotum factfile: invalid JSON - EOF While parsing object at line 1, column 12");
        String schemaAndContinue = factfile("j", List.of(task("t", "echo", List.of(), List.of())))
                .replace("\"continueJob\":[0]", "\"continueJob\":[]").replace("\"name\":\"j\"", "\"name\":1");
        assertThatThrownBy(() -> parser.parse(schemaAndContinue, "f", Variables.none()))
                .hasMessage("'f' is not a valid factotum factfile: '/data/name' - Type of the value is wrong (The value must be string)");
    }

    @Test
    void rawTemplateErrorsWinOverTaskChecks() {
        String text = factfile("j", List.of(task("t", "echo", List.of("{{#s}}"), List.of())))
                .replace("\"continueJob\":[0]", "\"continueJob\":[]");
        assertThatThrownBy(() -> parser.parse(text, "f", Variables.none()))
                .hasMessage("'f' is not a valid factotum factfile: Error rendering template: Unclosed mustache section s");
        // Without templating the continue check is what fails.
        assertThatThrownBy(() -> parser.parse(text, "f", null))
                .hasMessage("'f' is not a valid factotum factfile: the task 't' has no way to continue successfully.");
    }

    @Test
    void continueChecksUseTheTemplatedNameAndComeBeforeLaterTasks() {
        String text = factfile("j", List.of(
                task("a {{ tag:env }}", "echo", List.of(), List.of()),
                task("b", "echo", List.of(), List.of("missing"))))
                .replaceFirst("\"terminateJobWithSuccess\":\\[\\]", "\"terminateJobWithSuccess\":[0]");
        assertThatThrownBy(() -> parser.parse(text, "f", new Variables(Map.of(), Map.of("env", "prod"))))
                .hasMessage("'f' is not a valid factotum factfile: the task 'a prod' has conflicting actions.");
    }

    // ---- DAG rules (ruling 1) ---------------------------------------------------------------------

    @Test
    void duplicateTaskNames() {
        String text = factfile("j", List.of(task("hello", "echo", List.of(), List.of()), task("hello", "echo", List.of(), List.of())));
        assertThatThrownBy(() -> parser.parse(text, "f", Variables.none()))
                .hasMessage("'f' is not a valid factotum factfile: the task 'hello' is defined more than once.");
    }

    @Test
    void duplicateAfterTemplating() {
        String text = factfile("j", List.of(task("a {{x}}", "echo", List.of(), List.of()), task("a ", "echo", List.of(), List.of())));
        assertThatThrownBy(() -> parser.parse(text, "f", Variables.none()))
                .hasMessage("'f' is not a valid factotum factfile: the task 'a ' is defined more than once.");
    }

    @Test
    void selfDependency() {
        String text = factfile("j", List.of(task("a", "echo", List.of(), List.of()), task("b", "echo", List.of(), List.of("a", "b"))));
        assertThatThrownBy(() -> parser.parse(text, "f", Variables.none()))
                .hasMessage("'f' is not a valid factotum factfile: the task 'b' cannot depend on itself.");
    }

    @Test
    void forwardAndUnknownDependencies() {
        String forward = factfile("j", List.of(task("a", "echo", List.of(), List.of("b")), task("b", "echo", List.of(), List.of())));
        assertThatThrownBy(() -> parser.parse(forward, "f", Variables.none()))
                .hasMessage("'f' is not a valid factotum factfile: the task 'a' depends on 'b', which must be defined earlier in the file.");
        String unknown = factfile("j", List.of(task("a", "echo", List.of(), List.of()), task("b", "echo", List.of(), List.of("a", "FactotumJob"))));
        assertThatThrownBy(() -> parser.parse(unknown, "f", null))
                .hasMessage("'f' is not a valid factotum factfile: the task 'b' depends on 'FactotumJob', which must be defined earlier in the file.");
    }

    @Test
    void repeatedDependencyIsAllowed() throws Exception {
        String text = factfile("j", List.of(task("a", "echo", List.of(), List.of()), task("b", "echo", List.of(), List.of("a", "a"))));
        assertThat(parser.parse(text, "f", Variables.none()).tasks().get(1).dependsOn()).containsExactly("a", "a");
    }

    // ---- bad inputs ------------------------------------------------------------------------------

    @Test
    void emptyFile() throws Exception {
        Path file = Files.createFile(tmp.resolve("empty.factfile"));
        assertThatThrownBy(() -> parser.parse(file, "empty.factfile", Variables.none()))
                .hasMessage("'empty.factfile' is not a valid factotum factfile: invalid JSON - EOF While parsing value at line 1, column 1");
    }

    @Test
    void directoryOpensButCannotBeRead() {
        assertThatThrownBy(() -> parser.parse(tmp, "somedir", Variables.none()))
                .isInstanceOf(FactfileException.class)
                .hasMessage("Couldn't read 'somedir': Is a directory (os error 21)");
    }

    @Test
    void pathThroughAFileIsNotADirectory() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain"), "{}");
        assertThatThrownBy(() -> parser.parse(file.resolve("child"), "plain/child", Variables.none()))
                .hasMessage("Couldn't open 'plain/child' for reading: Not a directory (os error 20)");
    }

    @Test
    void emptyPathDoesNotMeanTheWorkingDirectory() {
        assertThatThrownBy(() -> parser.parse(Path.of(""), "", Variables.none()))
                .hasMessage("Couldn't open '' for reading: No such file or directory (os error 2)");
    }

    @Test
    void unreadableFile() throws Exception {
        assumeThat(System.getProperty("user.name")).isNotEqualTo("root");
        Path file = Files.writeString(tmp.resolve("secret"), "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> parser.parse(file, "secret", Variables.none()))
                .hasMessage("Couldn't open 'secret' for reading: Permission denied (os error 13)");
    }

    @Test
    void permissionDeniedIsWordedLikeRust() {
        assertThat(OsErrors.describe(new AccessDeniedException("x"))).isEqualTo("Permission denied (os error 13)");
    }

    @Test
    void invalidUtf8() throws Exception {
        Path file = Files.write(tmp.resolve("latin1"), "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> parser.parse(file, "latin1", Variables.none()))
                .hasMessage("Couldn't read 'latin1': stream did not contain valid UTF-8");
    }

    @Test
    void binaryGarbage() throws Exception {
        byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);
        Path file = Files.write(tmp.resolve("garbage"), garbage);
        assertThatThrownBy(() -> parser.parse(file, "garbage", Variables.none()))
                .hasMessage("Couldn't read 'garbage': stream did not contain valid UTF-8");
        Path controls = Files.write(tmp.resolve("controls"), new byte[] {0, 1, 2, 3});
        assertThatThrownBy(() -> parser.parse(controls, "controls", Variables.none()))
                .hasMessage("'controls' is not a valid factotum factfile: invalid JSON - invalid syntax at line 1, column 1");
    }

    @Test
    void deepNestingIsAClearError() throws Exception {
        Path file = Files.writeString(tmp.resolve("deep"), "[".repeat(100_000));
        assertThatThrownBy(() -> parser.parse(file, "deep", Variables.none()))
                .isInstanceOf(FactfileException.class)
                .hasMessageStartingWith("'deep' is not a valid factotum factfile: invalid JSON - nesting too deep at line 1, column ");
    }

    @Test
    void oversizedFileFailsClearlyInsteadOfExhaustingTheHeap() throws Exception {
        Path file = tmp.resolve("sparse");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(FactfileParser.MAX_FILE_BYTES + 1);
        }
        assertThatThrownBy(() -> parser.parse(file, "sparse", Variables.none()))
                .isInstanceOf(FactfileException.class)
                .hasMessage("Couldn't read 'sparse': file is too large (" + (FactfileParser.MAX_FILE_BYTES + 1)
                        + " bytes; the limit is " + FactfileParser.MAX_FILE_BYTES + ")");
    }

    @Test
    void tenThousandTaskChainParses() throws Exception {
        int n = 10_000;
        StringBuilder b = new StringBuilder(header("big {{ tag:run }}"));
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(task("task " + i, "echo", List.of("arg {{ x }} " + i),
                    i == 0 ? List.of() : List.of("task " + (i - 1), "task 0")));
        }
        String text = b.append("]}}").toString();
        Factfile ff = parser.parse(text, "big", new Variables(Map.of("x", "X"), Map.of("run", "1")));
        assertThat(ff.name()).isEqualTo("big 1");
        assertThat(ff.tasks()).hasSize(n);
        assertThat(ff.tasks().get(n - 1).dependsOn()).containsExactly("task " + (n - 2), "task 0");
        assertThat(ff.tasks().get(n - 1).arguments()).containsExactly("arg X " + (n - 1));
    }

    @Test
    void fiftyMegabyteFactfileParses() throws Exception {
        Path file = tmp.resolve("huge.factfile");
        int tasks = 0;
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(header("huge"));
            long written = 0;
            String padding = "p".repeat(200);
            while (written < 50L * 1024 * 1024) {
                String t = (tasks == 0 ? "" : ",\n") + task("t" + tasks, "echo " + padding, List.of("{{ v }}", padding),
                        tasks == 0 ? List.of() : List.of("t" + (tasks - 1)));
                w.write(t);
                written += t.length();
                tasks++;
            }
            w.write("]}}");
        }
        assertThat(Files.size(file)).isGreaterThan(50L * 1024 * 1024);
        Factfile ff = parser.parse(file, "huge", new Variables(Map.of("v", "value"), Map.of()));
        assertThat(ff.tasks()).hasSize(tasks);
        assertThat(ff.tasks().get(tasks - 1).arguments().get(0)).isEqualTo("value");
        assertThat(ff.raw().length()).isGreaterThan(50_000_000);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static String header(String name) {
        return "{\"schema\":\"iglu:com.acme/job/jsonschema/1-0-0\",\"data\":{\"name\":\"" + name + "\",\"tasks\":[";
    }

    private static String factfile(String name, List<String> tasks) {
        return header(name) + String.join(",", tasks) + "]}}";
    }

    private static String task(String name, String command, List<String> args, List<String> deps) {
        return "{\"name\":" + q(name) + ",\"executor\":\"shell\",\"command\":" + q(command)
                + ",\"arguments\":" + list(args) + ",\"dependsOn\":" + list(deps)
                + ",\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}";
    }

    private static String list(List<String> values) {
        return "[" + String.join(",", values.stream().map(FactfileParserTest::q).toList()) + "]";
    }

    private static String q(String s) {
        return io.factotum.json.RustcJsonWriter.quote(s);
    }

    @Test
    void aDeviceIsReadNoFurtherThanTheLimit() {
        // /dev/zero reports size 0 and never ends: the read must stop at the limit, not fill the heap
        Assumptions.assumeTrue(java.nio.file.Files.isReadable(Path.of("/dev/zero")));
        FactfileParser small = new FactfileParser(1024 * 1024);
        // An unbounded read fails too, with an OutOfMemoryError, not this message.
        assertThatThrownBy(() -> small.parseUntemplated(Path.of("/dev/zero"), "/dev/zero"))
                .isInstanceOf(FactfileException.class)
                .hasMessage("Couldn't read '/dev/zero': file is too large (more than 1048576 bytes)");
    }
}
