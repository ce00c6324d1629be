package io.factotum.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 item 4: request bodies held in memory across all connections are bounded, and what a
 * connection held is given back when it goes away mid-body. Real Undertow, raw sockets.
 */
class BodyBytesHeldTest {
    private static final int BODY = 60_000;
    private Routes routes;
    private Undertow undertow;
    private int port;

    @BeforeEach
    void start() {
        // two 60 kB bodies do not fit in 100 kB
        routes = new Routes(List.of(new Routes.Route("POST", "/echo", true, false, "echo", List.of(),
                request -> HttpResponse.message(200, "got " + request.body().length))),
                64 * 1024, Duration.ofSeconds(30), 100_000);
        undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(routes.handler())
                .setIoThreads(1).setWorkerThreads(2).build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        undertow.stop();
    }

    private Socket sendBody(int bytes) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        String head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + BODY
                + "\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(new byte[bytes]);
        s.getOutputStream().flush();
        return s;
    }

    private static String answer(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[4096];
        int n = in.read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static void await(String what, LongSupplier value, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value.getAsLong() != expected) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10); // polling observable state
        }
    }

    @Test
    void aBodyPastTheSharedLimitGets503AndAClosedConnectionGivesItsShareBack() throws Exception {
        try (Socket first = sendBody(BODY - 1)) {
            await("the first body held", routes::bodyBytesHeld, BODY - 1);
            try (Socket second = sendBody(BODY - 1)) {
                assertThat(answer(second)).startsWith("HTTP/1.1 503 ")
                        .contains("Server busy: too many request bodies in flight");
            }
            await("only the first body held", routes::bodyBytesHeld, BODY - 1);
        }
        // the first went away mid-body: its share is free again
        await("nothing held", routes::bodyBytesHeld, 0);
        try (Socket third = sendBody(BODY)) {
            assertThat(answer(third)).startsWith("HTTP/1.1 200 ").contains("got " + BODY);
        }
        await("nothing held after a served body", routes::bodyBytesHeld, 0);
    }
}
