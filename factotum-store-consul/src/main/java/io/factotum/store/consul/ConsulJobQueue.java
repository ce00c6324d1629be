package io.factotum.store.consul;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.job.JobEntry;
import io.factotum.job.JobEntryJson;
import io.factotum.store.Claim;
import io.factotum.store.EnqueueResult;
import io.factotum.store.JobQueue;
import io.factotum.store.StoreFormatException;
import io.factotum.store.StoreJson;
import io.factotum.store.StoredJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One cluster-wide FIFO queue. The queue is the items {@code head .. tail-1} under
 * {@code queue/}, described by the {@code queue-meta} key; every change of the queue is one Consul
 * transaction that check-and-sets {@code queue-meta}, so concurrent nodes serialise on it and retry
 * when they lose. Enqueue also creates the job entry in the same transaction (the duplicate check),
 * and a claim is written in the same transaction that takes the head.
 */
final class ConsulJobQueue implements JobQueue {
    private final ConsulKv kv;
    private final ConsulKeys keys;
    private final Clock clock;

    ConsulJobQueue(ConsulKv kv, ConsulKeys keys, Clock clock) {
        this.kv = kv;
        this.keys = keys;
        this.clock = clock;
    }

    /** The queue's bounds and the index a check-and-set of them must quote (0: never written). */
    record Meta(long head, long tail, long index) {
        int size() {
            return (int) (tail - head);
        }

        String json(long newHead, long newTail) {
            JsonObject o = new JsonObject();
            o.addProperty("head", newHead);
            o.addProperty("tail", newTail);
            return o.toString();
        }
    }

    Meta meta() {
        return kv.get(keys.queueMeta()).map(e -> {
            try {
                JsonObject o = JsonParser.parseString(e.value()).getAsJsonObject();
                return new Meta(o.get("head").getAsLong(), o.get("tail").getAsLong(), e.modifyIndex());
            } catch (RuntimeException ex) {
                throw new StoreFormatException("The queue description at " + e.key() + " is unreadable", ex);
            }
        }).orElse(new Meta(0, 0, 0));
    }

    @Override
    public EnqueueResult enqueue(JobEntry entry, int maxJobs) {
        JobQueue.requireEnqueueable(entry, maxJobs);
        String entryKey = keys.job(entry.jobId());
        while (true) {
            Optional<ConsulKv.Entry> existing = kv.get(entryKey);
            if (existing.isPresent()) {
                StoredJob stored = ConsulJobStore.decode(existing.get());
                if (!stored.entry().isDone()) {
                    return new EnqueueResult.Duplicate(stored);
                }
            }
            Meta meta = meta();
            if (meta.size() >= maxJobs) {
                return new EnqueueResult.QueueFull(meta.size(), maxJobs);
            }
            // Entry (created, or replacing the DONE one we read), bounds and item: all or nothing.
            Txn txn = new Txn()
                    .cas(entryKey, JobEntryJson.encode(entry), existing.map(ConsulKv.Entry::modifyIndex).orElse(0L))
                    .cas(keys.queueMeta(), meta.json(meta.head(), meta.tail() + 1), meta.index())
                    .set(keys.queueItem(meta.tail()), entry.jobId());
            Optional<List<ConsulKv.Entry>> done = kv.transaction(txn);
            if (done.isPresent()) {
                long version = done.get().stream().filter(e -> e.key().equals(entryKey)).findFirst()
                        .orElseThrow().modifyIndex();
                return new EnqueueResult.Enqueued(new StoredJob(entry, version));
            }
            // Another node changed the entry or the queue first: decide again on fresh reads.
        }
    }

    @Override
    public Optional<Claim> claimNext(String nodeId, Duration lease) {
        while (true) {
            Meta meta = meta();
            if (meta.size() <= 0) {
                return Optional.empty();
            }
            String itemKey = keys.queueItem(meta.head());
            Optional<ConsulKv.Entry> item = kv.get(itemKey);
            if (item.isEmpty()) {
                // Taken between our two reads (the bounds moved: the check-and-set fails), or a hole
                // left by a hand edit (the bounds did not move: step over it).
                kv.transaction(new Txn().cas(keys.queueMeta(), meta.json(meta.head() + 1, meta.tail()), meta.index()));
                continue;
            }
            Instant now = clock.instant();
            Claim claim = new Claim(item.get().value(), nodeId, UUID.randomUUID().toString(), now, now.plus(lease));
            Txn txn = new Txn()
                    .cas(keys.queueMeta(), meta.json(meta.head() + 1, meta.tail()), meta.index())
                    .deleteCas(itemKey, item.get().modifyIndex())
                    .cas(keys.claim(claim.token()), StoreJson.encodeClaim(claim), 0);
            if (kv.transaction(txn).isPresent()) {
                return Optional.of(claim);
            }
        }
    }

    @Override
    public Optional<Claim> renew(Claim claim, Duration lease) {
        String key = keys.claim(claim.token());
        while (true) {
            Optional<ConsulKv.Entry> stored = kv.get(key);
            Instant now = clock.instant();
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            Claim held = StoreJson.decodeClaim(stored.get().value());
            if (held.isExpiredAt(now)) {
                return Optional.empty();
            }
            Claim renewed = new Claim(held.jobId(), held.nodeId(), held.token(), held.claimedAt(), now.plus(lease));
            if (kv.transaction(new Txn().cas(key, StoreJson.encodeClaim(renewed), stored.get().modifyIndex())).isPresent()) {
                return Optional.of(renewed);
            }
        }
    }

    @Override
    public boolean ack(Claim claim) {
        return kv.deleteIfPresent(keys.claim(claim.token()));
    }

    @Override
    public boolean release(Claim claim) {
        String key = keys.claim(claim.token());
        while (true) {
            Optional<ConsulKv.Entry> stored = kv.get(key);
            if (stored.isEmpty()) {
                return false;
            }
            Claim held = StoreJson.decodeClaim(stored.get().value());
            Meta meta = meta();
            long front = meta.head() - 1;
            Txn txn = new Txn()
                    .deleteCas(key, stored.get().modifyIndex())
                    .cas(keys.queueMeta(), meta.json(front, meta.tail()), meta.index())
                    .cas(keys.queueItem(front), held.jobId(), 0);
            if (kv.transaction(txn).isPresent()) {
                return true;
            }
        }
    }

    @Override
    public List<Claim> expiredClaims() {
        Instant now = clock.instant();
        return claims().stream().filter(c -> c.isExpiredAt(now))
                .sorted(Comparator.comparing(Claim::leaseExpiresAt).thenComparing(Claim::jobId))
                .toList();
    }

    @Override
    public List<Claim> claimsOf(String nodeId) {
        return claims().stream().filter(c -> c.nodeId().equals(nodeId))
                .sorted(Comparator.comparing(Claim::claimedAt).thenComparing(Claim::jobId))
                .toList();
    }

    @Override
    public int size() {
        return meta().size();
    }

    private List<Claim> claims() {
        return kv.list(keys.claimsPrefix()).stream().map(e -> StoreJson.decodeClaim(e.value())).toList();
    }

    /**
     * Blocks until the queue changed after {@code index}, or about {@code wait} passed; returns the
     * index to pass next time.
     */
    long awaitChange(long index, Duration wait) {
        return kv.listing(keys.queuePrefix(), Math.max(1, index), wait).index();
    }

    /** A daemon thread running blocking queries on the queue items; each change calls {@code onChange}. */
    @Override
    public AutoCloseable watch(Runnable onChange) {
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread thread = new Thread(() -> {
            long index = 0;
            while (open.get()) {
                try {
                    long next = awaitChange(index, ConsulKv.maxWait());
                    // Consul's rule: an index that went backwards (a restarted cluster) restarts from 0.
                    long seen = next < index ? 0 : next;
                    if (seen != index && index != 0) {
                        onChange.run();
                    }
                    index = seen;
                } catch (RuntimeException e) {
                    if (!open.get()) {
                        return;
                    }
                    index = 0;
                    try {
                        Thread.sleep(1_000); // Consul unreachable: the dispatch poll covers the gap
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }, "factotum-consul-queue-watch");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            open.set(false);
            thread.interrupt();
        };
    }
}
