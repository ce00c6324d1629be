package io.factotum.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items the items, in job id order
 * @param next the request for the following page; empty when this is the last one
 */
public record Page<T>(List<T> items, Optional<PageRequest> next) {
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}
