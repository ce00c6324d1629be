package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README quickstart as written: {@code bin/factotum-server} from the repository root, then the
 * exact curl commands of {@code docs/quickstart.sh} (submit, check, status, list, detail, output,
 * cancel, resume), twice and from another directory; and a clear stop, not a loop, when the server
 * may not read the factfiles (issue 7 item 14). Runs after {@code mvn package}.
 */
class QuickstartIT {
    private static final Pattern SUBMITTED = Pattern.compile("SUBMITTING JOB REQ jobId:\\[([0-9a-f]{64})]");

    @TempDir
    Path tmp;

    /**
     * The README's quickstart block is the script's text (apart from the two settings the script
     * finds itself), so running the script runs exactly what the README shows.
     */
    @Test
    void readmeShowsTheScriptsCommands() throws Exception {
        Path root = TestServer.repoRoot();
        String doc = Files.readString(root.resolve("README.md"));
        int section = doc.indexOf("### Quickstart");
        assertThat(section).isNotNegative();
        int start = doc.indexOf("```bash\n", section) + "```bash\n".length();
        String block = doc.substring(start, doc.indexOf("```", start));
        assertThat(block).startsWith("BASE=http://127.0.0.1:3000\nFACTFILES=$PWD/testdata/factfiles\n");
        String commands = block.lines().skip(2).collect(Collectors.joining("\n"));
        assertThat(Files.readString(root.resolve("docs/quickstart.sh"))).contains(commands.strip());
    }

    @Test
    void quickstartRunsTwiceAndFromAnotherDirectory() throws Exception {
        Path root = TestServer.repoRoot();
        assumeTrue(Files.exists(root.resolve("factotum-server/target/factotum-server.jar")), "run after mvn package");
        // the README's run command, with a free port and a throw-away data directory
        try (ServerProcess server = new ServerProcess(root, tmp.resolve("server.log"),
                "--data-dir=" + tmp.resolve("data"), "--shutdown-grace=1s")) {
            // The start line says where jobs are kept, which factfiles may be read, token and workers.
            assertThat(ServerProcess.read(server.log)).contains(
                    "listening on [127.0.0.1:" + server.port + "] - store: rocksdb in " + tmp.resolve("data")
                            + "; factfile roots: " + root + "; API token: not required; workers: 20\n");

            String first = runScript(root, server, 0);
            Files.createDirectories(tmp.resolve("elsewhere"));
            // The resumed job of the first run is still running: the second run must not trip over it.
            String second = runScript(tmp.resolve("elsewhere"), server, 0);

            for (String out : List.of(first, second)) {
                assertThat(out).contains(
                        "\"lastOutcome\": \"SUCCEEDED\"",
                        "\"version\": \"0.3.0\"",
                        "{\"jobs\":[{\"state\":\"DONE\"",
                        "\"runs\": [",
                        "\"stdout\": \"alpha\"",
                        "{\"message\":\"CANCELLING JOB REQ jobId:[",
                        "{\"message\":\"RESUMING JOB REQ jobId:[");
                assertThat(out).doesNotContain("quickstart:", "\"message\":\"Error", "Not found", "Validation Error");
            }
            assertThat(submitted(second)).hasSize(2).doesNotContainAnyElementsOf(submitted(first));
        }
    }

    @Test
    void aServerThatMayNotReadTheFactfilesStopsTheScriptWithItsMessage() throws Exception {
        Path root = TestServer.repoRoot();
        assumeTrue(Files.exists(root.resolve("factotum-server/target/factotum-server.jar")), "run after mvn package");
        Files.createDirectories(tmp.resolve("elsewhere"));
        // Started in another directory, the server may read factfiles under that directory only.
        try (ServerProcess server = new ServerProcess(tmp.resolve("elsewhere"), tmp.resolve("server.log"),
                "--data-dir=" + tmp.resolve("data"), "--shutdown-grace=1s")) {
            String out = runScript(root, server, 1);
            assertThat(out).contains("quickstart: HTTP 400 from " + server.url() + "/submit: "
                    + "{\"message\":\"Validation Error: Value is outside every factfile root for 'factfilePath':'"
                    + root.resolve("testdata/factfiles/echo.factfile") + "'\"}");
            assertThat(out).doesNotContain("SUBMITTING");
        }
    }

    @Test
    void noServerStopsTheScriptAtTheFirstStep() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        String out = runScript(TestServer.repoRoot(), url, 1);
        assertThat(out).contains("quickstart: no answer from " + url + " (is the server running?)")
                .doesNotContain("SUBMITTING");
    }

    private String runScript(Path workDir, ServerProcess server, int expectedExit) throws Exception {
        return runScript(workDir, server.url(), expectedExit);
    }

    private String runScript(Path workDir, String url, int expectedExit) throws Exception {
        Path out = Files.createTempFile(tmp, "quickstart", ".out");
        ProcessBuilder builder = new ProcessBuilder("bash", TestServer.repoRoot().resolve("docs/quickstart.sh").toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("FACTOTUM_URL", url);
        Process script = builder.start();
        script.getOutputStream().close();
        // A safety net against a looping script: each of its waits gives up after 60 s itself.
        boolean finished = script.waitFor(150, TimeUnit.SECONDS);
        if (!finished) {
            script.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(finished).as("the script finished: %s", text).isTrue();
        assertThat(script.exitValue()).as(text).isEqualTo(expectedExit);
        return text;
    }

    private static List<String> submitted(String out) {
        Matcher m = SUBMITTED.matcher(out);
        return m.results().map(r -> r.group(1)).toList();
    }
}
