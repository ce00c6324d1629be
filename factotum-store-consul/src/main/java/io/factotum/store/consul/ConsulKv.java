package io.factotum.store.consul;

import com.ecwid.consul.UrlParameters;
import com.ecwid.consul.transport.HttpResponse;
import com.ecwid.consul.transport.TransportException;
import com.ecwid.consul.v1.ConsulRawClient;
import com.ecwid.consul.v1.Request;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;

/**
 * Consul's KV and transaction HTTP API over the ecwid raw client: reads, check-and-set
 * transactions and blocking queries. Every transport failure or unexpected status becomes a
 * {@link StoreException}, which the server answers with 503.
 */
final class ConsulKv implements AutoCloseable {
    /** Consul refuses transactions with more operations than this. */
    static final int MAX_TXN_OPS = 64;

    private final CloseableHttpClient http;
    private final CloseableHttpClient watchHttp;
    private final ConsulRawClient client;
    /** Only for blocking queries, whose answers may take the whole wait. */
    private final ConsulRawClient watchClient;
    private final String token;
    private final Duration requestTimeout;

    ConsulKv(ConsulSettings settings) {
        this.requestTimeout = settings.requestTimeout();
        // Every ordinary request fails after the request timeout, so a hung agent gives a 503 soon
        // (ruling 6), not a hung request; only blocking queries may wait longer.
        this.http = httpClient(settings.requestTimeout(), settings.requestTimeout());
        this.watchHttp = httpClient(settings.requestTimeout(), settings.requestTimeout().plus(maxWait().multipliedBy(2)));
        this.client = new ConsulRawClient(settings.host(), settings.port(), (HttpClient) http);
        this.watchClient = new ConsulRawClient(settings.host(), settings.port(), (HttpClient) watchHttp);
        this.token = settings.token().orElse(null);
    }

    private static CloseableHttpClient httpClient(Duration connect, Duration read) {
        RequestConfig config = RequestConfig.custom().setConnectTimeout((int) connect.toMillis())
                .setConnectionRequestTimeout((int) connect.toMillis()).setSocketTimeout((int) read.toMillis()).build();
        return HttpClientBuilder.create().setDefaultRequestConfig(config).setMaxConnPerRoute(64).setMaxConnTotal(64)
                .disableAutomaticRetries().useSystemProperties().build();
    }

    /** The longest wait of one blocking query. */
    static Duration maxWait() {
        return Duration.ofSeconds(10);
    }

    /** One stored key: its value and the index a check-and-set must quote. */
    record Entry(String key, String value, long modifyIndex) { }

    /** A read with the index Consul answered at (for blocking queries). */
    record Listing(List<Entry> entries, long index) { }

    Optional<Entry> get(String key) {
        HttpResponse response = send(() -> client.makeGetRequest(request(key).build()));
        if (response.getStatusCode() == 404) {
            return Optional.empty();
        }
        requireOk(response, "read " + key);
        List<Entry> entries = entries(response.getContent());
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    List<Entry> list(String prefix) {
        return listing(prefix, 0, Duration.ZERO).entries();
    }

    /**
     * The keys under {@code prefix}; with {@code index > 0} a blocking query that returns once
     * something under the prefix changed past {@code index}, or after about {@code wait}.
     */
    Listing listing(String prefix, long index, Duration wait) {
        Request.Builder builder = request(prefix).addUrlParameter(plain("recurse"));
        if (index > 0) {
            builder.addUrlParameter(value("index", Long.toString(index)))
                    .addUrlParameter(value("wait", wait.toMillis() + "ms"));
        }
        ConsulRawClient via = index > 0 ? watchClient : client;
        HttpResponse response = send(() -> via.makeGetRequest(builder.build()));
        long at = response.getConsulIndex() == null ? 0 : response.getConsulIndex();
        if (response.getStatusCode() == 404) {
            return new Listing(List.of(), at);
        }
        requireOk(response, "list " + prefix);
        return new Listing(entries(response.getContent()), at);
    }

    /** Writes without a check (the caller owns the key, e.g. a run written by its claim holder). */
    void put(String key, String value) {
        HttpResponse response = send(() -> client.makePutRequest(request(key)
                .setBinaryContent(value.getBytes(StandardCharsets.UTF_8)).build()));
        requireOk(response, "write " + key);
        if (!"true".equals(response.getContent().trim())) {
            throw new StoreException("Consul refused to write " + key + ": " + response.getContent());
        }
    }

    /**
     * Runs the operations as one transaction.
     *
     * @return the results (one per operation that returns a key) if it was applied; empty if a check
     *     failed and nothing was changed
     */
    Optional<List<Entry>> transaction(Txn txn) {
        if (txn.size() > MAX_TXN_OPS) {
            throw new IllegalArgumentException("A Consul transaction takes at most " + MAX_TXN_OPS + " operations");
        }
        Request request = Request.Builder.newBuilder().setEndpoint("/v1/txn").setToken(token)
                .setBinaryContent(txn.json().getBytes(StandardCharsets.UTF_8)).build();
        HttpResponse response = send(() -> client.makePutRequest(request));
        if (response.getStatusCode() == 409) {
            return Optional.empty();
        }
        requireOk(response, "run a transaction");
        JsonObject body = JsonParser.parseString(response.getContent()).getAsJsonObject();
        List<Entry> results = new ArrayList<>();
        JsonElement array = body.get("Results");
        if (array != null && array.isJsonArray()) {
            for (JsonElement result : array.getAsJsonArray()) {
                JsonObject kv = result.getAsJsonObject().getAsJsonObject("KV");
                if (kv != null) {
                    results.add(entry(kv));
                }
            }
        }
        return Optional.of(results);
    }

    /**
     * Deletes {@code key} with a check-and-set on the index read, retrying when another node changed
     * it in between.
     *
     * @return whether this call deleted it (false: it was absent, or another node deleted it first)
     */
    boolean deleteIfPresent(String key) {
        while (true) {
            Optional<Entry> stored = get(key);
            if (stored.isEmpty()) {
                return false;
            }
            if (transaction(new Txn().deleteCas(key, stored.get().modifyIndex())).isPresent()) {
                return true;
            }
        }
    }

    /** A PUT to another endpoint of the API (sessions); returns the status and body. */
    HttpResponse putEndpoint(String endpoint, String content) {
        // ecwid's PUT sends the binary content (a string content alone fails in its transport).
        Request request = Request.Builder.newBuilder().setEndpoint(endpoint).setToken(token)
                .setBinaryContent(content.getBytes(StandardCharsets.UTF_8)).build();
        return send(() -> client.makePutRequest(request));
    }

    /** Writes {@code key} acquired by {@code session}: Consul deletes it when the session ends. */
    boolean acquire(String key, String value, String session) {
        HttpResponse response = send(() -> client.makePutRequest(request(key)
                .addUrlParameter(value("acquire", session))
                .setBinaryContent(value.getBytes(StandardCharsets.UTF_8)).build()));
        return response.getStatusCode() == 200 && "true".equals(response.getContent().trim());
    }

    /** Whether the agent answers and its cluster has a leader. */
    boolean hasLeader() {
        HttpResponse response = send(() -> client.makeGetRequest(
                Request.Builder.newBuilder().setEndpoint("/v1/status/leader").setToken(token).build()));
        return response.getStatusCode() == 200 && response.getContent().trim().length() > 2;
    }

    @Override
    public void close() {
        try {
            http.close();
            watchHttp.close();
        } catch (java.io.IOException e) {
            // nothing to keep: the connections are gone either way
        }
    }

    private Request.Builder request(String key) {
        return Request.Builder.newBuilder().setEndpoint("/v1/kv/" + pathEncode(key)).setToken(token);
    }

    private HttpResponse send(java.util.function.Supplier<HttpResponse> call) {
        try {
            return call.get();
        } catch (TransportException e) {
            throw new StoreException("Consul is unreachable (" + describe(e) + ")", e);
        } catch (RuntimeException e) {
            throw new StoreException("Consul request failed: " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private void requireOk(HttpResponse response, String what) {
        if (response.getStatusCode() != 200) {
            String content = response.getContent() == null ? "" : response.getContent().trim();
            throw new StoreException("Consul could not " + what + ": HTTP " + response.getStatusCode()
                    + (content.isEmpty() ? "" : " " + truncate(content)));
        }
    }

    private static String truncate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static List<Entry> entries(String json) {
        List<Entry> entries = new ArrayList<>();
        JsonArray array = JsonParser.parseString(json).getAsJsonArray();
        for (JsonElement element : array) {
            entries.add(entry(element.getAsJsonObject()));
        }
        return entries;
    }

    private static Entry entry(JsonObject kv) {
        JsonElement value = kv.get("Value");
        String text = value == null || value.isJsonNull() ? ""
                : new String(Base64.getDecoder().decode(value.getAsString()), StandardCharsets.UTF_8);
        return new Entry(kv.get("Key").getAsString(), text, kv.get("ModifyIndex").getAsLong());
    }

    /** Percent-encodes a key for the URL path: Consul decodes it back to the exact key. */
    static String pathEncode(String key) {
        StringBuilder out = new StringBuilder(key.length() + 16);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static UrlParameters plain(String name) {
        return () -> List.of(name);
    }

    private static UrlParameters value(String name, String value) {
        return () -> List.of(name + "=" + value);
    }

    Duration requestTimeout() {
        return requestTimeout;
    }
}
