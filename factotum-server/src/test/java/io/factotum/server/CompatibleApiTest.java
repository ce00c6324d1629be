package io.factotum.server;

import static io.factotum.server.TestServer.submitBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Factotum Server's compatible API over real HTTP (server spec sections 2 and 3, and the behaviours
 * of section 10 that HTTP can observe; numbers in comments refer to section 10).
 */
class CompatibleApiTest extends RunningServerTest {
    static final String JSON = "application/json; charset=UTF-8";
    static final String ECHO_FOO_BAR_ID = "6ef5cf55f2815a098695861ec5f8e9c7122dd2e5339cf954d7e2cb2e761dd583";
    static final String ECHO_ID = "3168425b07ea38a671e1a9abf8858080a0259bf32db15b1c0d08ae9caee9f39f";

    // ------------------------------------------------------------------------------ help (3.1)

    @Test
    void helpIsTheOriginalsSortedObjectOnBothRoutes() {
        for (String path : List.of("/", "/help")) {
            TestServer.Answer a = http.get(path);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.contentType()).isEqualTo(JSON);
            assertThat(a.body()).isEqualTo("{\"/check\":{\"function\":\"Fetches the state of a job by the ID.\",\"params\":\"pretty=1, id=[id string]\"},\"/help\":{\"function\":\"Returns this message!\",\"params\":\"pretty=1\"},\"/settings\":{\"body\":{\"state\":\"run|drain\"},\"function\":\"Updates settings within the server.\",\"params\":\"pretty=1\"},\"/status\":{\"function\":\"Returns general information about the server and host system.\",\"params\":\"pretty=1\"},\"/submit\":{\"body\":{\"factfileArgs\":\"[ --start step-2 ]\",\"factfilePath\":\"/com.acme-main/factfile\",\"jobName\":\"com.acme-main\"},\"function\":\"Submits a job to the queue.\",\"params\":\"pretty=1\"}}");
        }
    }

    @Test
    void prettyIsSerdesPrettyFormatterWithoutTrailingNewline() {
        String pretty = http.get("/help?pretty=1").body();
        assertThat(pretty).startsWith("{\n  \"/check\": {\n    \"function\": \"Fetches the state of a job by the ID.\",\n"
                + "    \"params\": \"pretty=1, id=[id string]\"\n  },\n");
        assertThat(pretty).endsWith("\"params\": \"pretty=1\"\n  }\n}");
        // only exactly "1", and the last value wins
        assertThat(http.get("/help?pretty=true").body()).doesNotContain("\n");
        assertThat(http.get("/help?pretty=1&pretty=0").body()).doesNotContain("\n");
        assertThat(http.get("/help?pretty=0&pretty=1").body()).contains("\n");
        // errors too
        assertThat(http.get("/check?pretty=1").body()).isEqualTo("{\n  \"message\": \"Error: No 'id' found in URL query parameters\"\n}");
    }

    // ---------------------------------------------------------------------------- status (3.2)

    @Test
    void statusHasTheOriginalsFieldsInOrder() {
        TestServer.Answer a = http.get("/status");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo(JSON);
        assertThat(a.body()).matches("\\{\"version\":\"0\\.3\\.0\",\"server\":\\{\"startTime\":\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\","
                + "\"upTime\":\"\\d+ Days, \\d+ Hours, \\d+ Minutes, \\d+ Seconds\",\"state\":\"run\"\\},"
                + "\"dispatcher\":\\{\"workers\":\\{\"total\":20,\"idle\":20,\"active\":0\\},"
                + "\"jobs\":\\{\"maxQueueSize\":1000,\"inQueue\":0\\}\\}\\}");
    }

    // -------------------------------------------------------------------------- settings (3.3)

    @Test
    void settingsMessages() {
        // 31: no Content-Type means no body, whatever is sent
        TestServer.Answer noBody = http.post("/settings", "{\"state\":\"drain\"}", null);
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.body()).isEqualTo("{\"message\":\"Error: No body found in POST request\"}");
        assertThat(http.post("/settings", "x", "multipart/form-data; boundary=x").message())
                .isEqualTo("Error: No body found in POST request");
        // 32: decode errors carry serde's cause
        assertThat(http.post("/settings", "{").message()).isEqualTo("Error decoding JSON string: EOF while parsing an object at line 1 column 1");
        assertThat(http.post("/settings", "{}").message()).isEqualTo("Error decoding JSON string: missing field `state`");
        assertThat(http.post("/settings", "{\"state\":5}").message()).isEqualTo("Error decoding JSON string: invalid type: integer `5`, expected a string");
        assertThat(http.post("/settings", "{\"state\":\"run\"} x").message()).isEqualTo("Error decoding JSON string: trailing characters at line 1 column 17");
        // any content type is read (even text/plain)
        assertThat(http.post("/settings", "{\"state\":\"run\"}", "text/plain").status()).isEqualTo(200);
        // 30, 33: case-sensitive
        TestServer.Answer invalid = http.post("/settings", "{\"state\":\"DRAIN\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).isEqualTo("{\"message\":\"Validation Error: Invalid 'state', must be one of (run|drain)\"}");
        // 34
        TestServer.Answer drain = http.post("/settings", "{\"state\":\"drain\"}");
        assertThat(drain.status()).isEqualTo(200);
        assertThat(drain.body()).isEqualTo("{\"message\":\"Update acknowledged: [state: drain]\"}");
        assertThat(http.get("/status").body()).contains("\"state\":\"drain\"");
        // setting the current state again is allowed
        assertThat(http.post("/settings", "{\"state\":\"drain\"}").status()).isEqualTo(200);
        assertThat(http.post("/settings", "{\"state\":\"run\"}").message()).isEqualTo("Update acknowledged: [state: run]");
    }

    // ---------------------------------------------------------------------------- submit (3.4)

    @Test
    void submitBodyErrors() {
        // 35
        assertThat(http.post("/submit", submitBody("a", "b"), null).message()).isEqualTo("Error: No body found in POST request");
        // 36: serde texts
        assertThat(http.post("/submit", "").message()).isEqualTo("Error decoding JSON string: EOF while parsing a value at line 1 column 0");
        assertThat(http.post("/submit", "null").message()).isEqualTo("Error decoding JSON string: invalid type: unit value, expected struct JobRequest");
        assertThat(http.post("/submit", "{\"factfilePath\":\"x\",\"factfileArgs\":[]}").message())
                .isEqualTo("Error decoding JSON string: missing field `jobName`");
        assertThat(http.post("/submit", "{\"jobName\":\"x\",\"factfilePath\":\"y\",\"factfileArgs\":\"--tag\"}").message())
                .isEqualTo("Error decoding JSON string: invalid type: string \"--tag\", expected a sequence");
        assertThat(http.post("/submit", "{\"jobName\":5,\"factfilePath\":\"y\",\"factfileArgs\":[]}").message())
                .isEqualTo("Error decoding JSON string: invalid type: integer `5`, expected a string");
        assertThat(http.post("/submit", "[1,2").message())
                .isEqualTo("Error decoding JSON string: EOF while parsing a list at line 1 column 4");
        assertThat(http.post("/submit", "{\"jobName\" \"x\"}").message())
                .isEqualTo("Error decoding JSON string: expected `:` at line 1 column 12");
        TestServer.Answer utf8 = http.postBytes("/submit", new byte[] {'{', '"', (byte) 0xFF, '"', '}'});
        assertThat(utf8.message()).isEqualTo("Error decoding JSON string: invalid utf-8 sequence of 1 bytes from index 2");
        assertThat(utf8.status()).isEqualTo(400);
    }

    @Test
    void submitInDrainIsRefusedAfterDecodingBeforeValidation() {
        http.post("/settings", "{\"state\":\"drain\"}");
        // 37: even an invalid job gets the drain message
        TestServer.Answer a = http.post("/submit", submitBody("", ""));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).isEqualTo("{\"message\":\"Server in [drain] state - cannot submit job\"}");
        // but a body error comes first
        assertThat(http.post("/submit", "{").message()).startsWith("Error decoding JSON string: ");
    }

    @Test
    void submitValidationMessages() {
        // 25, 38
        assertThat(http.post("/submit", submitBody("", "x")).body())
                .isEqualTo("{\"message\":\"Validation Error: No valid value found: field 'jobName' cannot be empty\"}");
        // 26; whitespace jobName is accepted as a name
        assertThat(http.post("/submit", submitBody(" ", "")).message())
                .isEqualTo("Validation Error: No valid value found: field 'factfilePath' cannot be empty");
        // 27 (inside a factfile root)
        String missing = dir.resolve("somewhere").toString();
        assertThat(http.post("/submit", submitBody("n", missing)).message())
                .isEqualTo("Validation Error: Value does not exist on host for 'factfilePath':'" + missing + "'");
        // step 5: the dry run refuses what Factotum's run refuses
        String echo = TestServer.factfile("echo.factfile").toString();
        assertThat(http.post("/submit", submitBody("n", echo, "--foo")).message())
                .startsWith("Validation Error: Failed to execute command: [factotum run " + echo + " --dry-run --foo] - Invalid arguments");
        assertThat(http.post("/submit", submitBody("n", echo, "--webhook", "http://x.test/")).message())
                .isEqualTo("Validation Error: Failed to execute command: [factotum run " + echo
                        + " --dry-run --webhook http://x.test/] - Error: --webhook cannot be used with the --dry-run option");
        assertThat(http.post("/submit", submitBody("n", echo, "--start", "nope")).message())
                .startsWith("Validation Error: Failed to execute command: [factotum run " + echo + " --dry-run --start nope] - ");
        String invalid = TestServer.repoRoot().resolve("testdata/factfiles-invalid").toFile().listFiles()[0].toString();
        assertThat(http.post("/submit", submitBody("n", invalid)).message())
                .startsWith("Validation Error: Failed to execute command: [factotum run " + invalid + " --dry-run] - '" + invalid + "' is not a valid factotum factfile");
    }

    @Test
    void acceptedJobsGetTheOriginalsIdAndRun() {
        Path echo = TestServer.factfile("echo.factfile");
        TestServer.Answer a = http.post("/submit", submitBody("echotest", echo.toString(), "--tag", "foo,bar"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo(JSON);
        // 41 and the 5.1 test vector
        assertThat(a.body()).isEqualTo("{\"message\":\"SUBMITTING JOB REQ jobId:[" + ECHO_FOO_BAR_ID + "]\"}");
        assertThat(http.awaitDone(ECHO_FOO_BAR_ID)).isEqualTo("SUCCEEDED");
        // 3.5: the stored entry, field order kept, client args unchanged without server args
        assertThat(http.get("/check?id=" + ECHO_FOO_BAR_ID).body()).isEqualTo("{\"state\":\"DONE\",\"jobRequest\":{\"jobId\":\""
                + ECHO_FOO_BAR_ID + "\",\"jobName\":\"echotest\",\"factfilePath\":\"" + echo
                + "\",\"factfileArgs\":[\"--tag\",\"foo,bar\"]},\"lastRunFrom\":\"factotum\",\"lastOutcome\":\"SUCCEEDED\"}");
        // the client's jobId is ignored; no tags -> the other vector
        assertThat(http.submit("echo", echo)).isEqualTo(ECHO_ID);
        assertThat(http.post("/submit", "{\"jobId\":\"mine\",\"jobName\":\"e\",\"factfilePath\":\"" + echo
                + "\",\"factfileArgs\":[\"--tag\",\"b,2\",\"--tag\",\"a,1\"]}").body())
                .contains("ec26914d858eb57cde3e27f9ad919aeea28a77c34a416dc279c9ec81cfc65896");
        // a DONE job may be submitted again
        http.awaitDone(ECHO_ID);
        assertThat(http.submit("echo again", echo)).isEqualTo(ECHO_ID);
    }

    @Test
    void duplicateAndQueueFull() throws Exception {
        http.close();
        http = new TestServer(config().toBuilder().maxJobs(1).maxWorkers(1).build());
        Path gated = Factfiles.write(dir, "gated.factfile", "gated", Factfiles.gated(dir, "wait", "waiting"));
        String running = http.submit("a", gated, "--tag", "n,1");
        TestServer.await("first job running", () -> Factfiles.startedCount(dir, "wait") == 1);
        // 39: an entry that is not DONE
        TestServer.Answer dup = http.post("/submit", submitBody("a", gated.toString(), "--tag", "n,1"));
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.body()).isEqualTo("{\"message\":\"Job is already being processed\"}");
        String queued = http.submit("b", gated, "--tag", "n,2");
        assertThat(http.state(queued)).isEqualTo("QUEUED");
        // 12: one busy worker, one queued job
        assertThat(http.get("/status").body()).contains("\"dispatcher\":{\"workers\":{\"total\":1,\"idle\":0,\"active\":1},\"jobs\":{\"maxQueueSize\":1,\"inQueue\":1}}");
        // 13, 40: queue of 1 with max 1 is full (>=)
        TestServer.Answer full = http.post("/submit", submitBody("c", gated.toString(), "--tag", "n,3"));
        assertThat(full.status()).isEqualTo(400);
        assertThat(full.body()).isEqualTo("{\"message\":\"Queue is full, cannot add job\"}");
        // a duplicate of the queued job is a duplicate, not "full" (checked first)
        assertThat(http.post("/submit", submitBody("b", gated.toString(), "--tag", "n,2")).message())
                .isEqualTo("Job is already being processed");
        Factfiles.openGate(dir);
        assertThat(http.awaitDone(running)).isEqualTo("SUCCEEDED");
        assertThat(http.awaitDone(queued)).isEqualTo("SUCCEEDED");
        assertThat(http.get("/status").body()).contains("\"workers\":{\"total\":1,\"idle\":1,\"active\":0},\"jobs\":{\"maxQueueSize\":1,\"inQueue\":0}");
    }

    @Test
    void concurrentIdenticalSubmissionsAcceptExactlyOne() throws Exception {
        // ruling 5: the duplicate check and the QUEUED write are one atomic step
        Path gated = Factfiles.write(dir, "gated.factfile", "gated", Factfiles.gated(dir, "wait", "x"));
        String body = submitBody("same", gated.toString());
        int threads = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<TestServer.Answer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return http.post("/submit", body);
            }));
        }
        go.countDown();
        int accepted = 0;
        for (var f : answers) {
            TestServer.Answer a = f.get();
            if (a.status() == 200) {
                accepted++;
            } else {
                assertThat(a.message()).isEqualTo("Job is already being processed");
            }
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(1);
        Factfiles.openGate(dir);
    }

    @Test
    void failingJobEndsDoneFailed() {
        Path failing = Factfiles.write(dir, "fail.factfile", "fail", Factfiles.task("boom", "exit 1"));
        String id = http.submit("fail", failing);
        assertThat(http.awaitDone(id)).isEqualTo("FAILED");
    }

    @Test
    void serverArgsAreAppendedInTheOriginalsOrder() {
        http.close();
        // 28: --webhook, --max-stdouterr-size, --no-colour after the client's args
        http = new TestServer(config().toBuilder().webhook("http://127.0.0.1:9/").noColour(true)
                .maxStdouterrSize(Optional.of(10000L)).build());
        String id = http.submit("echo", TestServer.factfile("echo.factfile"), "--tag", "x,y");
        JsonObject request = http.get("/check?id=" + id).json().getAsJsonObject().getAsJsonObject("jobRequest");
        assertThat(request.get("factfileArgs").toString())
                .isEqualTo("[\"--tag\",\"x,y\",\"--webhook\",\"http://127.0.0.1:9/\",\"--max-stdouterr-size\",\"10000\",\"--no-colour\"]");
        http.awaitDone(id);
    }

    // ----------------------------------------------------------------------------- check (3.5)

    @Test
    void checkMessagesAndNamespacedIds() {
        TestServer.Answer noId = http.get("/check");
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.body()).isEqualTo("{\"message\":\"Error: No 'id' found in URL query parameters\"}");
        TestServer.Answer unknown = http.get("/check?id=nope%20x");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Error: No job entry found for id='nope x'\"}");
        String id = http.submit("echo", TestServer.factfile("echo.factfile"));
        http.awaitDone(id);
        // 46: an id that already carries the namespace is used verbatim
        TestServer.Answer namespaced = http.get("/check?id=com.snowplowanalytics/factotum/" + id);
        assertThat(namespaced.status()).isEqualTo(200);
        assertThat(namespaced.body()).isEqualTo(http.get("/check?id=" + id).body());
        // last occurrence wins
        assertThat(http.get("/check?id=x&id=" + id).status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ router (2, rulings 7)

    @Test
    void unknownRoutesAndMethodsGet404Json() {
        for (TestServer.Answer a : List.of(http.get("/nope"), http.get("/submit"), http.post("/status", "{}"),
                http.get("/status/"))) {
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.contentType()).isEqualTo(JSON);
            assertThat(a.message()).startsWith("Not found: no route for ");
        }
    }

    @Test
    void headFallsBackToGet() {
        TestServer.Answer head = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base + "/status"))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.contentType()).isEqualTo(JSON);
    }

    @Test
    void nestingBeyondTheLimitIsADecodeError() {
        String deep = "[".repeat(65) + "]".repeat(65);
        TestServer.Answer a = http.post("/submit", deep);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.message()).isEqualTo("Error decoding JSON string: recursion limit exceeded at line 1 column 65");
    }

    @Test
    void unicodeIsWrittenRaw() throws Exception {
        Path file = dir.resolve("unicode.factfile");
        Files.writeString(file, Files.readString(TestServer.factfile("echo.factfile")), StandardCharsets.UTF_8);
        String id = http.submit("nom €/x", file);
        http.awaitDone(id);
        assertThat(http.get("/check?id=" + id).body()).contains("\"jobName\":\"nom €/x\"");
    }
}
