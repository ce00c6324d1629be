package io.factotum.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Must-show 7: the embedding example runs and reports the finished job. */
class EmbeddedRocksDbMainTest {
    @TempDir
    Path dir;

    @Test
    void runsTheEchoFactfileOnRocksDbAndPrintsItsEntryAndRun() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path store = dir.resolve("store");
        Path factfile = EmbeddedRocksDbMain.repositoryRoot().resolve("testdata/factfiles/echo.factfile");

        int code = EmbeddedRocksDbMain.run(new String[] {factfile.toString(), store.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isZero();
        assertThat(output)
                .contains("Submit: SUBMITTING JOB REQ jobId:[3168425b07ea38a671e1a9abf8858080a0259bf32db15b1c0d08ae9caee9f39f]")
                .contains("\"state\":\"DONE\"").contains("\"lastOutcome\":\"SUCCEEDED\"")
                .contains("echo alpha SUCCEEDED rc=0").contains("stdout=alpha")
                .contains("echo alpha: WAITING -> RUNNING");
        assertThat(Files.isDirectory(store)).isTrue();
    }

    @Test
    void withoutArgumentsItUsesTheRepositoryFactfileAndATemporaryStore() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int code = EmbeddedRocksDbMain.run(new String[0], new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isZero();
        String store = output.lines().filter(l -> l.startsWith("Store: ")).findFirst().orElseThrow().substring(7);
        assertThat(Path.of(store)).doesNotExist();
    }
}
