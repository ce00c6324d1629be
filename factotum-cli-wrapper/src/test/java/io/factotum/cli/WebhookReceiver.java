package io.factotum.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A webhook endpoint on loopback that records every POSTed body and answers 200 (or a given status). */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<String> bodies = new ArrayList<>();

    WebhookReceiver() throws IOException {
        this(200);
    }

    /** A receiver answering every POST with {@code status}. */
    WebhookReceiver(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (bodies) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                bodies.notifyAll();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<JsonObject> events() {
        synchronized (bodies) {
            return bodies.stream().map(b -> JsonParser.parseString(b).getAsJsonObject()).toList();
        }
    }

    /** Waits (bounded, as a safety net) until an event matching {@code wanted} has arrived. */
    JsonObject awaitEvent(Predicate<JsonObject> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        synchronized (bodies) {
            while (true) {
                for (String body : bodies) {
                    JsonObject event = JsonParser.parseString(body).getAsJsonObject();
                    if (wanted.test(event)) {
                        return event;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no such webhook event among " + bodies.size());
                }
                TimeUnit.NANOSECONDS.timedWait(bodies, left);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
