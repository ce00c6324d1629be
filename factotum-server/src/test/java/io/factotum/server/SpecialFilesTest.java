package io.factotum.server;

import static io.factotum.server.TestServer.submitBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 3: a {@code factfilePath} naming a FIFO or a device inside a factfile root gets a
 * clear 400 at once, and never holds a thread the other endpoints need. Real server, real FIFO.
 */
class SpecialFilesTest {
    /** Far below the client's own timeout: a refusal must not wait for anything. */
    private static final Duration QUICK = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @AfterAll
    static void noServerErrors() {
        assertThat(TestServer.SERVER_ERRORS).isEmpty();
    }

    private Path fifo() throws Exception {
        Path fifo = dir.resolve("pipe.factfile");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is needed");
        return fifo;
    }

    private static CompletableFuture<HttpResponse<String>> submitAsync(TestServer http, String name, Path path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.base + "/submit")).timeout(QUICK)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(submitBody(name, path.toString()), StandardCharsets.UTF_8))
                .build();
        return http.client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void twentyFifoSubmissionsAreRefusedAndHealthKeepsAnswering() throws Exception {
        Path fifo = fifo();
        try (FifoRelease release = new FifoRelease(fifo); TestServer http = new TestServer(TestServer.config(dir))) {
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inFlight.add(submitAsync(http, "fifo-" + i, fifo));
            }
            assertThat(http.get("/health/live").status()).isEqualTo(200);
            for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                HttpResponse<String> r = f.get(QUICK.toSeconds() + 5, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).isEqualTo("{\"message\":\"Validation Error: Value is not a regular file for "
                        + "'factfilePath':'" + fifo + "'\"}");
            }
            // the server is whole: a real job still runs
            Files.copy(TestServer.factfile("echo.factfile"), dir.resolve("echo.factfile"));
            assertThat(http.awaitDone(http.submit("after", dir.resolve("echo.factfile")))).isEqualTo("SUCCEEDED");
        }
    }

    /**
     * Without the control, readers block in {@code open()} waiting for a writer; this keeps opening
     * the FIFO read-write (granted at once on Linux) and closing it, which lets them through, so the
     * test fails on its assertions instead of hanging. With the control nothing ever opens the FIFO.
     */
    private static final class FifoRelease implements AutoCloseable {
        private final Thread pump;
        private volatile boolean done;

        FifoRelease(Path fifo) {
            pump = new Thread(() -> {
                while (!done) {
                    try {
                        FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
                        Thread.sleep(100); // pacing of the pump, not synchronisation
                    } catch (java.io.IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "fifo-release");
            pump.setDaemon(true);
            pump.start();
        }

        @Override
        public void close() throws InterruptedException {
            done = true;
            pump.join();
        }
    }

    @Test
    void aDeviceUnderARootIsRefusedWithoutReadingIt() throws Exception {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "/dev/zero is needed");
        ServerConfig config = TestServer.config(dir).toBuilder().factfileRoots(List.of(Path.of("/dev"))).build();
        try (TestServer http = new TestServer(config)) {
            HttpResponse<String> r = submitAsync(http, "zero", zero).get(QUICK.toSeconds() + 5, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).isEqualTo(
                    "{\"message\":\"Validation Error: Value is not a regular file for 'factfilePath':'/dev/zero'\"}");
            assertThat(http.get("/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void aJobsFactfileSwappedForAFifoDoesNotHangItsDag() throws Exception {
        Path factfile = dir.resolve("swapped.factfile");
        Files.copy(TestServer.factfile("echo.factfile"), factfile);
        try (TestServer http = new TestServer(TestServer.config(dir))) {
            String id = http.submit("swapped", factfile);
            assertThat(http.awaitDone(id)).isEqualTo("SUCCEEDED");
            Files.delete(factfile);
            Process mkfifo = new ProcessBuilder("mkfifo", factfile.toString()).redirectErrorStream(true).start();
            assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is needed");
            try {
                HttpRequest dag = HttpRequest.newBuilder(URI.create(http.base + "/jobs/" + id + "/dag")).timeout(QUICK)
                        .GET().build();
                HttpResponse<String> r = http.client.send(dag, HttpResponse.BodyHandlers.ofString());
                // the recorded tasks, without reading the FIFO
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("echo alpha");
            } finally {
                // without the control a server thread waits in open(): let it through so the server can stop
                FileChannel.open(factfile, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
            }
        }
    }
}
