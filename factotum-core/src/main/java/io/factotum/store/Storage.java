package io.factotum.store;

/**
 * One store: the job entries, the queue and its claims, the nodes, the run history and the webhook
 * outbox, all over the same data. The scheduler takes a {@code Storage}, never a backend type.
 * Implementations are thread-safe; every call that returns has made its change durable as far as the
 * backend promises (see each implementation). Calls after {@link #close()} throw {@link StoreException}.
 */
public interface Storage extends AutoCloseable {
    JobStore jobs();

    JobQueue queue();

    NodeRegistry nodes();

    RunHistory runs();

    Outbox outbox();

    /**
     * Where submitted factfile texts are kept so that any node runs exactly what was validated;
     * empty for single-node stores, whose node reads the file it validated.
     */
    default java.util.Optional<FactfileArchive> factfiles() {
        return java.util.Optional.empty();
    }

    /**
     * Throws {@link StoreException} while the store cannot take writes, for readiness checks. A
     * store that can tell (RocksDB after a failed write, e.g. a full disk) overrides this and may try
     * to recover here; the default only checks that the store answers a read.
     */
    default void checkWritable() {
        queue().size();
    }

    /** Schedules and their tick records; empty for stores that do not keep them. */
    default java.util.Optional<ScheduleStore> schedules() {
        return java.util.Optional.empty();
    }

    /** Releases the store (files, locks, connections); idempotent. */
    @Override
    void close();
}
