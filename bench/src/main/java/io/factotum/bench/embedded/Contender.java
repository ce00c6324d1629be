package io.factotum.bench.embedded;

/**
 * A system under test, opened fresh for one measurement (empty store, new threads) and closed
 * after it. Jobs are numbered 0..n-1; each one's code reports to the measurement's {@link Tracker}.
 */
public interface Contender extends AutoCloseable {
    /** Hands job {@code job} to the system (returns once the system accepted it). */
    void submit(int job) throws Exception;

    @Override
    void close() throws Exception;
}
