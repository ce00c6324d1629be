package io.factotum.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Requires {@code Authorization: Bearer <token>} on every route but the open ones (health checks).
 * Runs on the IO thread before any body is read, so a refused request costs no work; the token is
 * compared in constant time.
 */
public final class TokenAuthHandler implements HttpHandler {
    private final byte[] expected;
    private final Set<String> openPaths;
    private final List<String> openPrefixes;
    private final HttpHandler next;

    public TokenAuthHandler(String token, Set<String> openPaths, HttpHandler next) {
        this(token, openPaths, List.of(), next);
    }

    /**
     * @param openPrefixes path prefixes served without the token: {@code /ui} opens {@code /ui} and
     *     {@code /ui/...} (the dashboard's own files, which hold no data; its API calls carry the token)
     */
    public TokenAuthHandler(String token, Set<String> openPaths, List<String> openPrefixes, HttpHandler next) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.openPaths = Set.copyOf(openPaths);
        this.openPrefixes = List.copyOf(openPrefixes);
        this.next = next;
    }

    private boolean isOpen(String path) {
        if (openPaths.contains(path)) {
            return true;
        }
        for (String p : openPrefixes) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (isOpen(exchange.getRequestPath())) {
            next.handleRequest(exchange);
            return;
        }
        String given = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            next.handleRequest(exchange);
            return;
        }
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        exchange.setPersistent(false); // the body, if any, is never read
        Routes.respond(exchange, HttpResponse.message(401, "Unauthorized: missing or invalid bearer token"));
    }
}
