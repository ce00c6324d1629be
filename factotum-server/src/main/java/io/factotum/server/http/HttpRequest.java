package io.factotum.server.http;

import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * What an endpoint sees of a request, read off the exchange before the endpoint runs.
 *
 * @param query decoded query parameters, every value in order
 * @param pathParameters the route template's parameters
 * @param contentType the Content-Type header, if any
 * @param body the full body ({@code null} for routes that take none)
 */
public record HttpRequest(Map<String, Deque<String>> query, Map<String, String> pathParameters,
        Optional<String> contentType, byte[] body) {

    /** The last value of a query parameter (Iron's rule for repeated keys). */
    public Optional<String> queryLast(String name) {
        Deque<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    public String path(String name) {
        return pathParameters.get(name);
    }

    /** {@code ?pretty=1}: exactly the string {@code 1}, last value wins. */
    public boolean pretty() {
        return queryLast("pretty").filter("1"::equals).isPresent();
    }
}
