package io.factotum.server;

import static io.factotum.server.TestServer.submitBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token, factfile roots, body limits and an unreachable store. */
class SecurityTest {
    @TempDir
    Path dir;
    @TempDir
    Path outside;

    @AfterAll
    static void noServerErrors() {
        assertThat(TestServer.SERVER_ERRORS).isEmpty();
    }

    @Test
    void everyEndpointButHealthNeedsTheToken() {
        try (TestServer http = new TestServer(TestServer.config(dir).toBuilder().apiToken(Optional.of("s3cret"))
                .build())) {
            String body = submitBody("echo", TestServer.factfile("echo.factfile").toString());
            for (String path : new String[] {"/", "/help", "/status", "/check?id=x", "/jobs", "/metrics", "/openapi.json"}) {
                TestServer.Answer a = http.get(path);
                assertThat(a.status()).as(path).isEqualTo(401);
                assertThat(a.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
                assertThat(a.message()).isEqualTo("Unauthorized: missing or invalid bearer token");
            }
            TestServer.Answer missing = http.post("/submit", body);
            assertThat(missing.status()).isEqualTo(401);
            TestServer.Answer wrong = http.send(HttpRequest.newBuilder(URI.create(http.base + "/submit"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer nope")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(http.post("/settings", "{\"state\":\"drain\"}").status()).isEqualTo(401);
            // health is open
            assertThat(http.get("/health/live").status()).isEqualTo(200);
            assertThat(http.get("/health/ready").status()).isEqualTo(200);
            // no work was done: nothing stored, state unchanged
            http.withToken("s3cret");
            assertThat(http.get("/jobs").body()).isEqualTo("{\"jobs\":[],\"nextAfter\":null,\"scanned\":0,\"complete\":true}");
            assertThat(http.get("/status").body()).contains("\"state\":\"run\"");
            assertThat(http.post("/submit", body).status()).isEqualTo(200);
        }
    }

    @Test
    void pathsOutsideTheRootsAreRefused() throws Exception {
        Path secret = outside.resolve("secret.factfile");
        Files.copy(TestServer.factfile("echo.factfile"), secret);
        try (TestServer http = new TestServer(TestServer.config(dir))) {
            // by ..
            String traversal = dir + "/../" + outside.getFileName() + "/secret.factfile";
            assertThat(http.post("/submit", submitBody("x", traversal)).message())
                    .isEqualTo("Validation Error: Value is outside every factfile root for 'factfilePath':'" + traversal + "'");
            // absolute
            assertThat(http.post("/submit", submitBody("x", secret.toString())).message())
                    .startsWith("Validation Error: Value is outside every factfile root");
            // by a symlink inside a root
            Path link = Files.createSymbolicLink(dir.resolve("link.factfile"), secret);
            assertThat(http.post("/submit", submitBody("x", link.toString())).message())
                    .isEqualTo("Validation Error: Value is outside every factfile root for 'factfilePath':'" + link + "'");
            Path linkedDir = Files.createSymbolicLink(dir.resolve("sub"), outside);
            assertThat(http.post("/submit", submitBody("x", linkedDir + "/secret.factfile")).message())
                    .startsWith("Validation Error: Value is outside every factfile root");
            // paths no file system accepts
            assertThat(http.post("/submit", submitBody("x", dir + "/a\u0000b")).message())
                    .startsWith("Validation Error: Value is outside every factfile root");
            String tooLong = dir + "/" + "x".repeat(5000);
            assertThat(http.post("/submit", submitBody("x", tooLong)).message())
                    .isEqualTo("Validation Error: Value does not exist on host for 'factfilePath':'" + tooLong + "'");
            // nothing was accepted
            assertThat(http.get("/jobs").body()).isEqualTo("{\"jobs\":[],\"nextAfter\":null,\"scanned\":0,\"complete\":true}");
            // a link that stays inside the roots is fine
            Path inside = Files.createSymbolicLink(dir.resolve("ok.factfile"), TestServer.factfile("echo.factfile"));
            assertThat(http.post("/submit", submitBody("x", inside.toString())).status()).isEqualTo(200);
        }
    }

    @Test
    void oversizedBodiesGet413() {
        ServerConfig small = TestServer.config(dir).toBuilder().maxBodyBytes(1024).build();
        try (TestServer http = new TestServer(small)) {
            String big = submitBody("x".repeat(2000), "y");
            TestServer.Answer a = http.post("/submit", big);
            assertThat(a.status()).isEqualTo(413);
            assertThat(a.message()).isEqualTo("Error decoding JSON string: Body is too big");
            // chunked, without a Content-Length
            TestServer.Answer chunked = http.send(HttpRequest.newBuilder(URI.create(http.base + "/settings"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes()))));
            assertThat(chunked.status()).isEqualTo(413);
            assertThat(http.post("/settings", "{\"state\":\"run\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void oversizedHeadersAreRefused() throws Exception {
        try (TestServer http = new TestServer(TestServer.config(dir))) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(http.base + "/status"))
                    .header("X-Big", "x".repeat(64 * 1024)).GET().build();
            int status;
            try {
                status = http.client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (java.io.IOException closed) {
                status = -1; // Undertow may just close the connection
            }
            assertThat(status).isIn(-1, 400, 431);
            assertThat(http.get("/status").status()).isEqualTo(200);
        }
    }

    @Test
    void oddIdsAreNotFoundNeverAFailure(@TempDir Path data) {
        try (TestServer http = new TestServer(TestServer.config(dir).toBuilder()
                .store(ServerConfig.StoreKind.ROCKSDB).dataDir(data).build())) {
            for (String id : new String[] {"%00", "", "%2E%2E%2Fx", "x".repeat(5000), "%E2%82%AC", "a%0Ab"}) {
                assertThat(http.get("/check?id=" + id).status()).as(id).isEqualTo(400);
                if (!id.isEmpty()) {
                    assertThat(http.get("/jobs/" + id).status()).as(id).isEqualTo(404);
                    assertThat(http.get("/jobs/" + id + "/runs").status()).as(id).isEqualTo(404);
                    assertThat(http.get("/jobs/" + id + "/runs/latest/tasks/t/output").status()).as(id).isEqualTo(404);
                    assertThat(http.post("/jobs/" + id + "/cancel", "").status()).as(id).isEqualTo(404);
                    assertThat(http.post("/jobs/" + id + "/resume", "").status()).as(id).isEqualTo(404);
                }
            }
            assertThat(http.get("/jobs?after=%00").status()).isEqualTo(400);
            assertThat(http.get("/check?id=%00").body()).isEqualTo("{\"message\":\"Error: No job entry found for id='\\u0000'\"}");
        }
    }

    @Test
    void slowClientsHoldNoWorker() throws Exception {
        try (TestServer http = new TestServer(TestServer.config(dir))) {
            // More half-sent bodies than there are worker threads (16): their bytes are awaited on
            // the IO threads, so the server keeps answering.
            java.util.List<java.net.Socket> slow = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    java.net.Socket socket = new java.net.Socket("127.0.0.1", http.server.port());
                    socket.getOutputStream().write(("POST /submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{\"jobName\":").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    slow.add(socket);
                }
                for (int i = 0; i < 20; i++) {
                    assertThat(http.get("/status").status()).isEqualTo(200);
                }
                assertThat(http.post("/settings", "{\"state\":\"run\"}").status()).isEqualTo(200);
            } finally {
                for (java.net.Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void anUnreachableStoreGets503AndNothingIsAccepted() {
        try (TestServer http = new TestServer(TestServer.config(dir))) {
            http.server.storage().close();
            TestServer.Answer submit = http.post("/submit", submitBody("echo", TestServer.factfile("echo.factfile").toString()));
            assertThat(submit.status()).isEqualTo(503);
            assertThat(submit.contentType()).isEqualTo("application/json; charset=UTF-8");
            assertThat(submit.message()).startsWith("Store unavailable - ");
            assertThat(http.get("/check?id=x").status()).isEqualTo(503);
            assertThat(http.get("/status").status()).isEqualTo(503);
            assertThat(http.get("/jobs").status()).isEqualTo(503);
            TestServer.Answer ready = http.get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().getAsJsonObject().get("status").getAsString()).isEqualTo("DOWN");
            assertThat(http.get("/health/live").status()).isEqualTo(200);
        }
    }
}
