package io.factotum.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 item 3: the health checks run apart from the worker pool, so requests stuck on every
 * worker (e.g. a blocking file read) cannot silence them. Real Undertow on loopback.
 */
class OpenRoutesTest {
    @Test
    void healthAnswersWhileEveryWorkerIsStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Semaphore stuck = new Semaphore(0);
        Endpoint blocking = request -> {
            stuck.release();
            release.await();
            return io.factotum.server.http.HttpResponse.message(200, "released");
        };
        Routes routes = new Routes(List.of(
                new Routes.Route("GET", "/block", false, false, "blocks", List.of(), blocking),
                new Routes.Route("GET", "/health/live", false, true, "live", List.of(),
                        request -> io.factotum.server.http.HttpResponse.message(200, "UP"))), 1024);
        Undertow undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(routes.handler())
                .setIoThreads(1).setWorkerThreads(2).build();
        undertow.start();
        try {
            String base = "http://127.0.0.1:"
                    + ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> blocked = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                blocked.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/block")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            assertThat(stuck.tryAcquire(2, 20, TimeUnit.SECONDS)).as("both workers stuck").isTrue();
            HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create(base + "/health/live"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> f : blocked) {
                assertThat(f.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            release.countDown();
            undertow.stop();
        }
    }
}
