package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --factotum-bin} with the scheduler library: ExternalCliJobRunner as its JobRunner. */
class ExternalBinaryOnLibraryIT {
    @TempDir
    Path tmp;

    @Test
    void submitAndCheckThroughBinFactotum() {
        Path root = TestServer.repoRoot();
        Path bin = Path.of(System.getProperty("factotum.bin", root.resolve("bin/factotum").toString()));
        assumeTrue(Files.isExecutable(bin)
                && Files.exists(bin.getParent().resolveSibling("factotum-cli-wrapper/target/factotum-cli-wrapper.jar")),
                "needs bin/factotum (feat/cli) and `mvn package`");
        ServerConfig config = TestServer.config(tmp).withFactotumBin(Optional.of(bin))
                .withScheduler(ServerConfig.SchedulerKind.LIBRARY);
        try (TestServer http = new TestServer(config)) {
            Path echo = TestServer.factfile("echo.factfile");
            String id = http.submit("echotest", echo, "--tag", "foo,bar");
            assertThat(id).isEqualTo(ExternalBinaryIT.ECHO_FOO_BAR_ID);
            assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
            String refused = http.post("/submit", TestServer.submitBody("bad", echo.toString(), "--start", "nope")).body();
            assertThat(refused).startsWith("{\"message\":\"Validation Error: Failed to execute command: [" + bin + " run "
                    + echo + " --dry-run --start nope] - ");
            // the run is recorded as the one task of an external run
            assertThat(http.get("/jobs/" + id).body()).contains("\"taskName\":\"factotum run\"");
        }
    }
}
