package io.factotum.store.consul;

import io.factotum.job.JobEntry;
import io.factotum.job.JobEntryJson;
import io.factotum.job.JobState;
import io.factotum.json.CodePointOrder;
import io.factotum.store.JobStore;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
import io.factotum.store.StoreFormatException;
import io.factotum.store.StoredJob;
import io.factotum.store.VersionConflictException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Job entries at the original's keys, {@code <namespace>/<jobId>}, in the original's JSON; the
 * version is the key's ModifyIndex, which Consul keeps growing across the whole KV store.
 */
final class ConsulJobStore implements JobStore {
    private final ConsulKv kv;
    private final ConsulKeys keys;

    ConsulJobStore(ConsulKv kv, ConsulKeys keys) {
        this.kv = kv;
        this.keys = keys;
    }

    @Override
    public Optional<StoredJob> get(String jobId) {
        return kv.get(keys.job(jobId)).map(ConsulJobStore::decode);
    }

    @Override
    public StoredJob update(StoredJob current, JobEntry next) {
        if (!current.jobId().equals(next.jobId())) {
            throw new IllegalArgumentException("Cannot update job " + current.jobId() + " with an entry for " + next.jobId());
        }
        if (current.version() <= 0) {
            throw new VersionConflictException(current.jobId(), current.version());
        }
        Optional<List<ConsulKv.Entry>> written = kv.transaction(
                new Txn().cas(keys.job(next.jobId()), JobEntryJson.encode(next), current.version()));
        if (written.isEmpty()) {
            throw new VersionConflictException(current.jobId(), current.version());
        }
        return new StoredJob(next, written.get().get(0).modifyIndex());
    }

    /**
     * Updates the job from {@code current} to {@code next} and, in the same transaction, applies
     * {@code more} (a run's record, a claim's deletion): one request to the agent instead of several.
     *
     * @throws VersionConflictException if the job changed since {@code current}; nothing was written
     */
    StoredJob updateWith(StoredJob current, JobEntry next, Txn more) {
        if (current.version() <= 0) {
            throw new VersionConflictException(current.jobId(), current.version());
        }
        // The entry's check-and-set first: its result is the first of the transaction's results.
        Txn txn = new Txn().cas(keys.job(next.jobId()), JobEntryJson.encode(next), current.version()).append(more);
        Optional<List<ConsulKv.Entry>> written = kv.transaction(txn);
        if (written.isEmpty()) {
            throw new VersionConflictException(current.jobId(), current.version());
        }
        return new StoredJob(next, written.get().get(0).modifyIndex());
    }

    @Override
    public Page<StoredJob> list(JobState state, PageRequest page) {
        List<StoredJob> matching = new ArrayList<>();
        for (ConsulKv.Entry entry : kv.list(keys.jobsPrefix())) {
            StoredJob job = decode(entry);
            if (job.entry().state() == state
                    && page.after().map(a -> CodePointOrder.INSTANCE.compare(job.jobId(), a) > 0).orElse(true)) {
                matching.add(job);
            }
        }
        matching.sort(Comparator.comparing(StoredJob::jobId, CodePointOrder.INSTANCE));
        if (matching.size() <= page.limit()) {
            return new Page<>(matching, Optional.empty());
        }
        List<StoredJob> items = matching.subList(0, page.limit());
        return new Page<>(items, Optional.of(PageRequest.after(items.get(items.size() - 1).jobId(), page.limit())));
    }

    static StoredJob decode(ConsulKv.Entry entry) {
        try {
            return new StoredJob(JobEntryJson.decode(entry.value()), entry.modifyIndex());
        } catch (IllegalArgumentException e) {
            throw new StoreFormatException("The job entry at " + entry.key() + " is not a job entry: " + e.getMessage(), e);
        }
    }
}
