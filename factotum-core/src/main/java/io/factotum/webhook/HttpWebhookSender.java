package io.factotum.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts payloads with the JDK's HTTP client (HTTP/1.1, as Factotum's hyper 0.10 did). */
public final class HttpWebhookSender implements WebhookSender {
    /** The message prefix of Factotum (Rust's getaddrinfo error) for a host that does not resolve. */
    static final String LOOKUP_FAILED = "failed to lookup address information: ";
    private static final int MAX_MESSAGE_CHARS = 1_000;

    private final HttpClient client;
    private final Duration requestTimeout;

    /** 10 s to connect, 30 s for the whole request. */
    public HttpWebhookSender() {
        this(Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public HttpWebhookSender(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                // A redirect is not a delivery: it counts as a failed attempt.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
    }

    @Override
    public DeliveryResult post(URI url, String jsonBody) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url)
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            return DeliveryResult.networkError("invalid webhook URL '" + url + "': " + e.getMessage());
        }
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new DeliveryResult(response.statusCode(), truncate(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.networkError("interrupted");
        } catch (IOException | RuntimeException e) {
            return DeliveryResult.networkError(describe(e));
        }
    }

    /** A one-line reason for a request that got no response. */
    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return LOOKUP_FAILED + "Name or service not known";
            }
        }
        if (error instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (error instanceof HttpTimeoutException) {
            return "request timed out";
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return error instanceof ConnectException ? "Connection refused" : error.getClass().getSimpleName();
    }

    private static String truncate(String body) {
        return body.length() <= MAX_MESSAGE_CHARS ? body : body.substring(0, MAX_MESSAGE_CHARS);
    }
}
