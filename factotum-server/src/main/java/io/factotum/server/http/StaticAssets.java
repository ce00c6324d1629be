package io.factotum.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Files served from the server's own jar under a path prefix: the dashboard ({@code /ui/}) and the API
 * docs page ({@code /docs/}, with Swagger UI from its WebJar). Only GET and HEAD; only names made of
 * letters, digits, {@code . _ -} and single slashes (no {@code ..}, no encoded tricks: the decoded path
 * is checked); each prefix looks in a fixed list of classpath folders. Pages carry a Content Security
 * Policy that allows nothing from elsewhere.
 */
public final class StaticAssets implements HttpHandler {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "json", "application/json; charset=UTF-8",
            "txt", "text/plain; charset=UTF-8");

    private final String prefix;
    private final List<String> folders;
    private final String contentSecurityPolicy;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /**
     * @param prefix the URL prefix, e.g. {@code /ui}; {@code <prefix>/} serves {@code index.html}
     * @param folders classpath folders to look in, first match wins
     */
    public StaticAssets(String prefix, List<String> folders, String contentSecurityPolicy) {
        this.prefix = prefix;
        this.folders = List.copyOf(folders);
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    /** Whether this handler serves {@code path}. */
    public boolean serves(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String method = exchange.getRequestMethod().toString();
        String path = exchange.getRequestPath();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            Routes.respond(exchange, HttpResponse.message(404, "Not found: no route for " + method + " " + path));
            return;
        }
        if (path.equals(prefix)) {
            exchange.setStatusCode(302);
            exchange.getResponseHeaders().put(Headers.LOCATION, prefix + "/");
            exchange.endExchange();
            return;
        }
        String name = path.substring(prefix.length() + 1);
        if (name.isEmpty()) {
            name = "index.html";
        }
        Optional<byte[]> body = SAFE.matcher(name).matches() ? load(name) : Optional.empty();
        if (body.isEmpty()) {
            Routes.respond(exchange, HttpResponse.message(404, "Not found: no route for " + method + " " + path));
            return;
        }
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, TYPES.getOrDefault(extension, "application/octet-stream"));
        exchange.getResponseHeaders().put(new HttpString("X-Content-Type-Options"), "nosniff");
        exchange.getResponseHeaders().put(new HttpString("Content-Security-Policy"), contentSecurityPolicy);
        exchange.getResponseHeaders().put(new HttpString("Referrer-Policy"), "no-referrer");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseSender().send(ByteBuffer.wrap(body.get()));
    }

    // Only files found are cached (the set is fixed by the jar), so no request can grow the cache.
    private Optional<byte[]> load(String name) {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        for (String folder : folders) {
            try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(folder + "/" + name)) {
                if (in != null) {
                    byte[] bytes = in.readAllBytes();
                    cache.put(name, bytes);
                    return Optional.of(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }
}
