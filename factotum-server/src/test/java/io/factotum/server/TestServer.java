package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A server started in process on a free loopback port with real Undertow, and a real HTTP client.
 * Every answer is checked never to be a 500.
 */
final class TestServer implements AutoCloseable {
    /** Every status seen by any test server, so a suite can assert that no 500 ever appeared. */
    static final List<String> SERVER_ERRORS = java.util.Collections.synchronizedList(new ArrayList<>());

    final FactotumServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final String base;
    private Optional<String> token = Optional.empty();

    TestServer(ServerConfig config) {
        server = FactotumServer.create(config.toBuilder().port(0).build(), Clock.systemUTC());
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    TestServer withToken(String t) {
        token = Optional.of(t);
        return this;
    }

    /** Defaults, in-memory store, factfile roots: the repo's testdata and {@code extraRoot}. */
    static ServerConfig config(Path extraRoot) {
        return ServerConfig.defaults()
                .toBuilder().factfileRoots(List.of(repoRoot().resolve("testdata"), extraRoot))
                .shutdownGrace(Duration.ofSeconds(5)).build();
    }

    /** {@link #config} on the Consul store of the agent at {@code consulPort}, as node {@code nodeId}. */
    static ServerConfig.Builder consulNode(Path extraRoot, int consulPort, String namespace, String nodeId) {
        return config(extraRoot).toBuilder().store(ServerConfig.StoreKind.CONSUL).nodeId(nodeId)
                .consulIp("127.0.0.1").consulPort(consulPort).consulNamespace(namespace);
    }

    static Path repoRoot() {
        String prop = System.getProperty("factotum.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "testdata"))) {
            return Path.of(prop).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("testdata"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    static Path factfile(String name) {
        return repoRoot().resolve("testdata/factfiles").resolve(name);
    }

    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonElement json() {
            return JsonParser.parseString(body);
        }

        String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }

        /** The {@code message} of a {@code {"message": ...}} answer. */
        String message() {
            return json().getAsJsonObject().get("message").getAsString();
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Answer post(String path, String body) {
        return post(path, body, "application/json");
    }

    /** POST with a Content-Type, or none when {@code contentType} is null. */
    Answer post(String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    Answer postBytes(String path, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Answer send(HttpRequest.Builder builder) {
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        builder.timeout(Duration.ofSeconds(30)); // a stuck server fails the test instead of hanging it
        try {
            HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() >= 500 && r.statusCode() != 503) {
                SERVER_ERRORS.add(r.request().method() + " " + r.uri() + " -> " + r.statusCode() + " " + r.body());
            }
            assertThat(r.statusCode()).as("no 500 for %s", r.uri()).isNotEqualTo(500);
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String submit(String name, Path factfile, String... args) {
        Answer a = post("/submit", submitBody(name, factfile.toString(), args));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        String body = a.json().getAsJsonObject().get("message").getAsString();
        return body.substring(body.indexOf('[') + 1, body.indexOf(']'));
    }

    static String submitBody(String name, String path, String... args) {
        StringBuilder sb = new StringBuilder("{\"jobName\":").append(str(name)).append(",\"factfilePath\":")
                .append(str(path)).append(",\"factfileArgs\":[");
        for (int i = 0; i < args.length; i++) {
            sb.append(i > 0 ? "," : "").append(str(args[i]));
        }
        return sb.append("]}").toString();
    }

    static String str(String s) {
        return new com.google.gson.Gson().toJson(s);
    }

    /** Polls an observable condition (not a timing assertion): fails after 30 s. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    String state(String jobId) {
        Answer a = get("/check?id=" + jobId);
        return a.status() == 200 ? a.json().getAsJsonObject().get("state").getAsString() : "NONE";
    }

    /** Waits for the job to be DONE and returns its lastOutcome. */
    String awaitDone(String jobId) {
        await("job " + jobId + " DONE", () -> state(jobId).equals("DONE"));
        return get("/check?id=" + jobId).json().getAsJsonObject().get("lastOutcome").getAsString();
    }

    @Override
    public void close() {
        server.stop();
    }
}
