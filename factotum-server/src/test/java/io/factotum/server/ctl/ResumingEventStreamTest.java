package io.factotum.server.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resuming after a drop, and giving up, against a real HTTP server on loopback. */
class ResumingEventStreamTest {
    private HttpServer server;
    private ServerClient client;
    /** The Last-Event-ID of each request ("" for none), in order. */
    private final List<String> resumedFrom = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // One event per connection, id = the connection's number, then the connection ends.
        server.createContext("/one-each", exchange -> {
            String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
            resumedFrom.add(last == null ? "" : last);
            byte[] body = ("id: " + resumedFrom.size() + "\nevent: job\ndata: {}\n\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // Ends every connection without an event.
        server.createContext("/none", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        client = new ServerClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                Optional.empty());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aReconnectionResumesAfterTheLastEventRead() throws Exception {
        ResumingEventStream stream = new ResumingEventStream(client, "one-each");
        assertThat(stream.atStart()).isTrue();
        for (int connection = 1; connection <= 3; connection++) {
            try (ServerSentEvents events = stream.connect(new StringBuilder()).orElseThrow()) {
                assertThat(stream.next(events)).map(ServerSentEvents.Event::lastEventId).contains("" + connection);
                assertThat(stream.next(events)).isEmpty();
            }
            assertThat(stream.atStart()).isFalse();
            // An event in between: the drops in a row start again, so this never gives up.
            assertThat(stream.awaitReconnect("gave up")).isTrue();
        }
        assertThat(resumedFrom).containsExactly("", "1", "2");
    }

    @Test
    void itGivesUpAfterFiveDropsInARowWithoutAnEvent() throws Exception {
        ResumingEventStream stream = new ResumingEventStream(client, "none");
        for (int drop = 1; drop <= ResumingEventStream.MAX_DROPS_IN_A_ROW; drop++) {
            try (ServerSentEvents events = stream.connect(new StringBuilder()).orElseThrow()) {
                assertThat(stream.next(events)).isEmpty();
            }
            assertThat(stream.awaitReconnect("gave up")).as("drop %d", drop).isTrue();
        }
        assertThat(stream.atStart()).isTrue();
        assertThatThrownBy(() -> stream.awaitReconnect("gave up")).isInstanceOf(ServerClient.Unreachable.class)
                .hasMessage("gave up");
    }
}
