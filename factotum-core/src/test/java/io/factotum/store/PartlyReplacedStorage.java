package io.factotum.store;

/**
 * A store with some of its parts replaced, for tests that inject faults or latency into one part
 * (usually a decorator of the base's own part) and leave the rest as the base has them. Closing it
 * closes the base. {@link #factfiles()} and {@link #checkWritable()} keep the interface's defaults.
 */
public record PartlyReplacedStorage(Storage base, JobStore jobs, JobQueue queue, NodeRegistry nodes,
        RunHistory runs, Outbox outbox) implements Storage {

    /** All of {@code base}'s parts, none replaced yet. */
    public static PartlyReplacedStorage of(Storage base) {
        return new PartlyReplacedStorage(base, base.jobs(), base.queue(), base.nodes(), base.runs(), base.outbox());
    }

    public PartlyReplacedStorage withQueue(JobQueue replacement) {
        return new PartlyReplacedStorage(base, jobs, replacement, nodes, runs, outbox);
    }

    public PartlyReplacedStorage withRuns(RunHistory replacement) {
        return new PartlyReplacedStorage(base, jobs, queue, nodes, replacement, outbox);
    }

    public PartlyReplacedStorage withOutbox(Outbox replacement) {
        return new PartlyReplacedStorage(base, jobs, queue, nodes, runs, replacement);
    }

    @Override
    public void close() {
        base.close();
    }
}
