package io.factotum.store;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;

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

    /**
     * Starts a run: updates the job from {@code current} to {@code working} (checked like {@link
     * JobStore#update}) and saves {@code run}. A store that can do both in one atomic write
     * overrides this (one write instead of two: issue 9); the default does them in that order.
     *
     * @throws VersionConflictException if the job changed since {@code current}; nothing was written
     */
    default StoredJob startRun(StoredJob current, JobEntry working, JobRun run) {
        StoredJob stored = jobs().update(current, working);
        runs().save(run);
        return stored;
    }

    /**
     * Ends a run: saves the finished {@code run}, updates the job from {@code current} to {@code
     * done} (checked like {@link JobStore#update}) and acknowledges {@code claim}. A store that can
     * do all three in one atomic write overrides this; the default does them in that order.
     *
     * @throws VersionConflictException if the job changed since {@code current}; the run may have
     *     been saved (saving it again is harmless), the entry and the claim are untouched
     */
    default StoredJob finishRun(JobRun run, StoredJob current, JobEntry done, Claim claim) {
        runs().save(run);
        StoredJob stored = jobs().update(current, done);
        queue().ack(claim);
        return stored;
    }

    /** Schedules and their tick records; empty for stores that do not keep them. */
    default java.util.Optional<ScheduleStore> schedules() {
        return java.util.Optional.empty();
    }

    /** Releases the store (files, locks, connections); idempotent. */
    @Override
    void close();
}
