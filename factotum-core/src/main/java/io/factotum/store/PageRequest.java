package io.factotum.store;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a listing to read: items ordered by job id, starting after {@code after}.
 *
 * @param after the last job id of the previous page; empty for the first page
 * @param limit the most items to return, at least 1
 */
public record PageRequest(Optional<String> after, int limit) {
    public PageRequest {
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(Optional.empty(), limit);
    }

    public static PageRequest after(String jobId, int limit) {
        return new PageRequest(Optional.of(jobId), limit);
    }
}
