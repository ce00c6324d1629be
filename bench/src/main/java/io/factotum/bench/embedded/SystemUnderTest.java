package io.factotum.bench.embedded;

/**
 * A named way to open a {@link Contender}.
 *
 * @param name the name in the results table
 * @param opener opens it for one measurement of {@code work}, reporting to {@code tracker}
 */
public record SystemUnderTest(String name, Opener opener) {
    /** Opens a contender: starts the system with an empty store. */
    @FunctionalInterface
    public interface Opener {
        Contender open(Work work, Tracker tracker) throws Exception;
    }

    public Contender open(Work work, Tracker tracker) throws Exception {
        return opener.open(work, tracker);
    }
}
