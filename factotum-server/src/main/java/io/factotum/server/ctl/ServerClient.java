package io.factotum.server.ctl;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The server's HTTP API as factotumctl uses it: JSON requests, the bearer token, event streams. */
final class ServerClient {
    /** The server could not be reached, or answered with a server error. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    /** An answer: its status and JSON body (a JSON null if the body was not JSON). */
    record Answer(int status, JsonElement body) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** The server's {@code {"message": ...}}, or the status. */
        String message() {
            if (body.isJsonObject() && body.getAsJsonObject().has("message")) {
                return body.getAsJsonObject().get("message").getAsString();
            }
            return "HTTP " + status;
        }
    }

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    ServerClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token;
    }

    Answer get(String path) throws Unreachable {
        return send(request(path).GET());
    }

    Answer post(String path, String json) throws Unreachable {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    Answer delete(String path) throws Unreachable {
        return send(request(path).DELETE());
    }

    /** Opens an event stream; the answer's body is empty unless the status is not 200. */
    Optional<InputStream> events(String path, String lastEventId, StringBuilder refusal) throws Unreachable {
        HttpRequest.Builder b = request(path).header("Accept", "text/event-stream").GET();
        if (!lastEventId.isEmpty()) {
            b.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 200) {
                return Optional.of(r.body());
            }
            String text = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
            Answer a = new Answer(r.statusCode(), parse(text));
            if (r.statusCode() >= 500) {
                throw new Unreachable(a.message());
            }
            refusal.append(a.message());
            return Optional.empty();
        } catch (IOException e) {
            throw new Unreachable("cannot reach " + base + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private Answer send(HttpRequest.Builder b) throws Unreachable {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Answer a = new Answer(r.statusCode(), parse(r.body()));
            if (r.statusCode() >= 500) {
                throw new Unreachable("server error " + r.statusCode() + ": " + a.message());
            }
            return a;
        } catch (IOException e) {
            throw new Unreachable("cannot reach " + base + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static JsonElement parse(String text) {
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            return com.google.gson.JsonNull.INSTANCE;
        }
    }
}
