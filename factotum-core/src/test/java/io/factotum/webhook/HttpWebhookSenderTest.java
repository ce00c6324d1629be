package io.factotum.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpWebhookSenderTest {
    private final HttpWebhookSender sender = new HttpWebhookSender(Duration.ofSeconds(5), Duration.ofSeconds(10));

    @Test
    void postsTheBodyAsUtf8JsonAndReturnsTheStatus() {
        try (RecordingReceiver receiver = RecordingReceiver.answering(200)) {
            DeliveryResult result = sender.post(receiver.url(), "{\"jobName\":\"é€\uD83D\uDE00\"}");

            assertThat(result).isEqualTo(new DeliveryResult(200, "status 200"));
            assertThat(result.succeeded()).isTrue();
            assertThat(receiver.requests()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.contentType()).isEqualTo("application/json; charset=utf-8");
                assertThat(request.body()).isEqualTo("{\"jobName\":\"é€\uD83D\uDE00\"}");
            });
        }
    }

    @Test
    void every2xxSucceedsAndOtherStatusesFail() {
        assertThat(new DeliveryResult(200, "").succeeded()).isTrue();
        assertThat(new DeliveryResult(201, "").succeeded()).isTrue();
        assertThat(new DeliveryResult(204, "").succeeded()).isTrue();
        assertThat(new DeliveryResult(299, "").succeeded()).isTrue();
        assertThat(new DeliveryResult(0, "").succeeded()).isFalse();
        assertThat(new DeliveryResult(199, "").succeeded()).isFalse();
        assertThat(new DeliveryResult(302, "").succeeded()).isFalse();
        assertThat(new DeliveryResult(500, "").succeeded()).isFalse();
        try (RecordingReceiver receiver = RecordingReceiver.answeringInTurn(204, 500)) {
            assertThat(sender.post(receiver.url(), "{}")).isEqualTo(new DeliveryResult(204, ""));
            assertThat(sender.post(receiver.url(), "{}")).isEqualTo(new DeliveryResult(500, "status 500"));
        }
    }

    @Test
    void anUnreachablePortIsStatusZeroWithAMessage() throws Exception {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }

        DeliveryResult result = sender.post(closedPort, "{}");

        assertThat(result.statusCode()).isZero();
        assertThat(result.message()).isNotBlank();
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void anUnresolvableHostIsStatusZeroWithTheLookupMessage() {
        DeliveryResult result = sender.post(URI.create("http://nonexistent-factotum-host.invalid/hook"), "{}");

        assertThat(result.statusCode()).isZero();
        assertThat(result.message()).contains("failed to lookup address information:");
    }
}
