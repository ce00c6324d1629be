package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 4: a body that trickles in is cut off at the body deadline, and open connections are
 * bounded. Raw sockets against a real server on loopback.
 */
class HttpLimitsTest {
    @TempDir
    Path dir;

    @AfterAll
    static void noServerErrors() {
        assertThat(TestServer.SERVER_ERRORS).isEmpty();
    }

    private static Socket connect(TestServer http) throws IOException {
        return new Socket("127.0.0.1", http.server.port());
    }

    private static String head(String method, String path, int contentLength) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (contentLength >= 0 ? "Content-Length: " + contentLength + "\r\n" : "") + "\r\n";
    }

    /** Reads what has arrived, waiting at most {@code wait} for the first byte. */
    private static String readSome(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        int n = in.read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aBodySentOneByteAtATimeIsCutOffAtTheDeadline() throws Exception {
        ServerConfig config = TestServer.config(dir).toBuilder()
                .maxConnections(ServerConfig.DEFAULT_MAX_CONNECTIONS).bodyTimeout(Duration.ofMillis(500)).build();
        try (TestServer http = new TestServer(config); Socket slow = connect(http)) {
            OutputStream out = slow.getOutputStream();
            out.write(head("POST", "/submit", 1000).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // one byte per 100 ms, far slower than any real client; the answer must come within 10 s
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String answer = "";
            while (answer.isEmpty() && System.nanoTime() < deadline) {
                try {
                    out.write('{');
                    out.flush();
                    answer = readSome(slow, Duration.ofMillis(100));
                } catch (SocketTimeoutException e) {
                    // nothing yet: send the next byte
                } catch (IOException e) {
                    break; // closed by the server
                }
            }
            assertThat(answer).startsWith("HTTP/1.1 408 ")
                    .contains("{\"message\":\"Request body not received within 500 ms\"}");
            // the connection is closed after the answer
            assertThat(readRest(slow)).doesNotContain("HTTP/1.1");
            // and the server is whole
            assertThat(http.get("/health/live").status()).isEqualTo(200);
        }
    }

    private static String readRest(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // reset by the server: closed as well
        }
    }

    @Test
    void aBodyInTimeIsServedAsBefore() {
        ServerConfig config = TestServer.config(dir).toBuilder()
                .maxConnections(ServerConfig.DEFAULT_MAX_CONNECTIONS).bodyTimeout(Duration.ofSeconds(5)).build();
        try (TestServer http = new TestServer(config)) {
            assertThat(http.post("/settings", "{\"state\":\"run\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void connectionsPastTheLimitWaitUntilOneCloses() throws Exception {
        ServerConfig config = TestServer.config(dir).toBuilder().maxConnections(2)
                .bodyTimeout(Duration.ofSeconds(30)).build();
        try (TestServer http = new TestServer(config); Socket first = connect(http); Socket second = connect(http);
                Socket third = connect(http)) {
            // the first two hold unfinished bodies
            for (Socket s : new Socket[] {first, second}) {
                s.getOutputStream().write((head("POST", "/submit", 1000) + "{").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            third.getOutputStream().write(head("GET", "/health/live", -1).getBytes(StandardCharsets.US_ASCII));
            third.getOutputStream().flush();
            // not served while two connections are open
            assertThatThrownBy(() -> readSome(third, Duration.ofSeconds(1))).isInstanceOf(SocketTimeoutException.class);
            first.close();
            assertThat(readSome(third, Duration.ofSeconds(10))).startsWith("HTTP/1.1 200 ");
        }
    }
}
