package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README quickstart as written: {@code bin/factotum-server} from the repository root, then the
 * exact curl commands of {@code docs/quickstart.sh} (submit, check, status, list, detail, output,
 * cancel, resume). Runs after {@code mvn package}.
 */
class QuickstartIT {
    @TempDir
    Path tmp;

    /**
     * The README's quickstart block is the script's text, so running the script runs exactly what
     * the README shows.
     */
    @Test
    void readmeShowsTheScriptsCommands() throws Exception {
        Path root = TestServer.repoRoot();
        String doc = Files.readString(root.resolve("README.md"));
        int section = doc.indexOf("### Quickstart");
        assertThat(section).isNotNegative();
        int start = doc.indexOf("```bash\n", section) + "```bash\n".length();
        String block = doc.substring(start, doc.indexOf("```", start));
        String commands = block.substring(block.indexOf('\n') + 1); // after BASE=...
        assertThat(block).startsWith("BASE=http://127.0.0.1:3000\n");
        assertThat(Files.readString(root.resolve("docs/quickstart.sh"))).contains(commands.strip());
    }

    @Test
    void quickstartWorksAsWritten() throws Exception {
        Path root = TestServer.repoRoot();
        assumeTrue(Files.exists(root.resolve("factotum-server/target/factotum-server.jar")), "run after mvn package");
        // the README's run command, with a free port and a throw-away data directory
        try (ServerProcess server = new ServerProcess(root, tmp.resolve("server.log"),
                "--data-dir=" + tmp.resolve("data"), "--shutdown-grace=1s")) {
            ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("docs/quickstart.sh").toString())
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile());
            builder.environment().put("FACTOTUM_URL", server.url());
            Process script = builder.start();
            script.getOutputStream().close();
            assertThat(script.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8);
            assertThat(script.exitValue()).as(out).isZero();
            assertThat(out).contains(
                    "{\"message\":\"SUBMITTING JOB REQ jobId:[6ef5cf55f2815a098695861ec5f8e9c7122dd2e5339cf954d7e2cb2e761dd583]\"}",
                    "\"lastOutcome\": \"SUCCEEDED\"",
                    "\"version\": \"0.3.0\"",
                    "{\"jobs\":[{\"state\":\"DONE\"",
                    "\"runs\": [",
                    "\"stdout\": \"alpha\"",
                    "{\"message\":\"CANCELLING JOB REQ jobId:[",
                    "{\"message\":\"RESUMING JOB REQ jobId:[");
            assertThat(out).doesNotContain("\"message\":\"Error", "Not found", "Validation Error");
        }
    }
}
