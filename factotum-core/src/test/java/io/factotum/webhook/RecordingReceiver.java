package io.factotum.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/** A real HTTP receiver on loopback that records every request and answers a chosen status. */
final class RecordingReceiver implements AutoCloseable {
    static {
        // The JDK server leaves Nagle on, so each response waits ~40 ms for a delayed ACK; tests need
        // not. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    record Request(String method, String contentType, String body) { }

    private final HttpServer server;
    private final IntSupplier status;
    private final List<Request> requests = new ArrayList<>();

    private RecordingReceiver(IntSupplier status) {
        this.status = status;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers every request with {@code status}. */
    static RecordingReceiver answering(int status) {
        return new RecordingReceiver(() -> status);
    }

    /** Answers requests with the given statuses in turn, then 200. */
    static RecordingReceiver answeringInTurn(int... statuses) {
        int[] next = {0};
        return new RecordingReceiver(() -> next[0] < statuses.length ? statuses[next[0]++] : 200);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    List<String> bodies() {
        return requests().stream().map(Request::body).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int answer;
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            answer = status.getAsInt();
        }
        byte[] reply = answer == 204 ? new byte[0] : ("status " + answer).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer, reply.length == 0 ? -1 : reply.length);
        if (reply.length > 0) {
            exchange.getResponseBody().write(reply);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
