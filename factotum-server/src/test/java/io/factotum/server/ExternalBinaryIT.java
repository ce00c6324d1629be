package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --factotum-bin} pointing at the project's own {@code bin/factotum}: submit (with the dry
 * run through the binary) and check work end to end through the external runner. Runs after
 * {@code mvn package}, which builds both launchers' jars.
 */
class ExternalBinaryIT {
    static final String ECHO_FOO_BAR_ID = "6ef5cf55f2815a098695861ec5f8e9c7122dd2e5339cf954d7e2cb2e761dd583";

    @TempDir
    Path tmp;

    @Test
    void submitAndCheckThroughBinFactotum() throws Exception {
        Path root = TestServer.repoRoot();
        // -Dfactotum.bin=... points at another checkout's launcher (e.g. before feat/cli is merged)
        Path bin = Path.of(System.getProperty("factotum.bin", root.resolve("bin/factotum").toString()));
        assumeTrue(Files.isExecutable(bin)
                && Files.exists(bin.getParent().resolveSibling("factotum-cli-wrapper/target/factotum-cli-wrapper.jar"))
                && Files.exists(root.resolve("factotum-server/target/factotum-server.jar")),
                "needs bin/factotum (feat/cli) and `mvn package`");
        try (ServerProcess server = new ServerProcess(root, tmp.resolve("server.log"), "--factotum-bin=" + bin,
                "--store=memory", "--no-colour", "--factfile-root=.", "--factfile-root=" + tmp)) {
            HttpResponse<String> submit = server.post("/submit",
                    "{\"jobName\":\"echotest\",\"factfilePath\":\"testdata/factfiles/echo.factfile\",\"factfileArgs\":[\"--tag\",\"foo,bar\"]}");
            assertThat(submit.statusCode()).as(submit.body()).isEqualTo(200);
            assertThat(submit.body()).isEqualTo("{\"message\":\"SUBMITTING JOB REQ jobId:[" + ECHO_FOO_BAR_ID + "]\"}");
            TestServer.await("job DONE", () -> {
                try {
                    return server.get("/check?id=" + ECHO_FOO_BAR_ID).body().contains("\"state\":\"DONE\"");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(server.get("/check?id=" + ECHO_FOO_BAR_ID).body()).isEqualTo("{\"state\":\"DONE\",\"jobRequest\":{\"jobId\":\""
                    + ECHO_FOO_BAR_ID + "\",\"jobName\":\"echotest\",\"factfilePath\":\"testdata/factfiles/echo.factfile\","
                    + "\"factfileArgs\":[\"--tag\",\"foo,bar\",\"--no-colour\"]},\"lastRunFrom\":\"factotum\",\"lastOutcome\":\"SUCCEEDED\"}");

            // the run is recorded as the one task of an external run
            assertThat(server.get("/jobs/" + ECHO_FOO_BAR_ID).body()).contains("\"taskName\":\"factotum run\"");

            // the dry run goes through the binary: a bad factfile is refused with its command line
            HttpResponse<String> bad = server.post("/submit",
                    "{\"jobName\":\"bad\",\"factfilePath\":\"testdata/factfiles/echo.factfile\",\"factfileArgs\":[\"--start\",\"nope\"]}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).startsWith("{\"message\":\"Validation Error: Failed to execute command: [" + bin
                    + " run testdata/factfiles/echo.factfile --dry-run --start nope] - ");

            // a failing job ends DONE / FAILED (exit code != 0)
            Path failing = tmp.resolve("fail.factfile");
            Files.writeString(failing, "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":\"f\",\"tasks\":[{\"name\":\"boom\",\"executor\":\"shell\",\"command\":\"exit 1\",\"arguments\":[],\"dependsOn\":[],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}]}}");
            HttpResponse<String> failed = server.post("/submit",
                    "{\"jobName\":\"f\",\"factfilePath\":\"" + failing + "\",\"factfileArgs\":[]}");
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(200);
            String id = failed.body().replaceAll(".*\\[([0-9a-f]{64})].*", "$1");
            TestServer.await("failing job DONE", () -> {
                try {
                    return server.get("/check?id=" + id).body().contains("\"state\":\"DONE\"");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(server.get("/check?id=" + id).body()).endsWith("\"lastOutcome\":\"FAILED\"}");
        }
    }
}
