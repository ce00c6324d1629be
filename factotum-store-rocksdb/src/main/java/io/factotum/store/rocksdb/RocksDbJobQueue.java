package io.factotum.store.rocksdb;

import io.factotum.job.JobEntry;
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
 * The queue as {@code queue:<seq>} keys and the claims as {@code claim:<token>} keys. Queued jobs
 * always occupy the contiguous sequences {@code [head, tail)}: enqueue appends at the tail, claims
 * take the head, a release prepends at {@code head - 1}. So the size is {@code tail - head}.
 */
final class RocksDbJobQueue implements JobQueue {
    private final Db db;
    private final RocksDbJobStore jobs;
    private final Clock clock;

    RocksDbJobQueue(Db db, RocksDbJobStore jobs, Clock clock) {
        this.db = db;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public EnqueueResult enqueue(JobEntry entry, int maxJobs) {
        JobQueue.requireEnqueueable(entry, maxJobs);
        return db.locked(() -> {
            Optional<StoredJob> existing = jobs.read(entry.jobId());
            if (existing.isPresent() && !existing.get().entry().isDone()) {
                return new EnqueueResult.Duplicate(existing.get());
            }
            int queued = queuedCount();
            if (queued >= maxJobs) {
                return new EnqueueResult.QueueFull(queued, maxJobs);
            }
            long sequence = db.queueTail;
            StoredJob[] created = new StoredJob[1];
            db.write(batch -> {
                created[0] = jobs.put(batch, existing, entry);
                batch.put(Keys.queue(sequence), Values.text(entry.jobId()));
                batch.put(Keys.QUEUE_TAIL, Values.number(sequence + 1));
            });
            db.lastVersion = created[0].version();
            db.queueTail = sequence + 1;
            return new EnqueueResult.Enqueued(created[0]);
        });
    }

    @Override
    public Optional<Claim> claimNext(String nodeId, Duration lease) {
        // Not waited for: until the job starts (a durable write, which makes this one durable too)
        // nothing depends on the claim, and a restart hands this node's claims back to the queue.
        return db.lockedWithoutWaiting(() -> {
            if (db.queueHead == db.queueTail) {
                return Optional.empty();
            }
            long sequence = db.queueHead;
            byte[] queueKey = Keys.queue(sequence);
            byte[] queued = db.get(queueKey);
            if (queued == null) {
                throw new StoreFormatException("The queue counters point at " + Keys.describe(queueKey)
                        + ", which is missing");
            }
            String jobId = Values.text(queueKey, queued);
            Instant now = clock.instant();
            Claim claim = new Claim(jobId, nodeId, UUID.randomUUID().toString(), now, now.plus(lease));
            db.write(batch -> {
                batch.delete(queueKey);
                batch.put(Keys.QUEUE_HEAD, Values.number(sequence + 1));
                batch.put(Keys.claim(claim.token()), Values.text(StoreJson.encodeClaim(claim)));
            });
            db.queueHead = sequence + 1;
            return Optional.of(claim);
        });
    }

    @Override
    public Optional<Claim> renew(Claim claim, Duration lease) {
        return db.locked(() -> {
            Optional<Claim> stored = read(claim.token());
            Instant now = clock.instant();
            if (stored.isEmpty() || stored.get().isExpiredAt(now)) {
                return Optional.empty();
            }
            Claim held = stored.get();
            Claim renewed = new Claim(held.jobId(), held.nodeId(), held.token(), held.claimedAt(), now.plus(lease));
            db.write(batch -> batch.put(Keys.claim(renewed.token()), Values.text(StoreJson.encodeClaim(renewed))));
            return Optional.of(renewed);
        });
    }

    @Override
    public boolean ack(Claim claim) {
        return db.locked(() -> {
            if (!holds(claim.token())) {
                return false;
            }
            db.write(batch -> batch.delete(Keys.claim(claim.token())));
            return true;
        });
    }

    @Override
    public boolean release(Claim claim) {
        return db.locked(() -> {
            Optional<Claim> stored = read(claim.token());
            if (stored.isEmpty()) {
                return false;
            }
            long sequence = db.queueHead - 1;
            db.write(batch -> {
                batch.delete(Keys.claim(claim.token()));
                batch.put(Keys.queue(sequence), Values.text(stored.get().jobId()));
                batch.put(Keys.QUEUE_HEAD, Values.number(sequence));
            });
            db.queueHead = sequence;
            return true;
        });
    }

    @Override
    public List<Claim> expiredClaims() {
        return db.locked(() -> {
            Instant now = clock.instant();
            return allClaims().stream()
                    .filter(c -> c.isExpiredAt(now))
                    .sorted(Comparator.comparing(Claim::leaseExpiresAt).thenComparing(Claim::jobId))
                    .toList();
        });
    }

    @Override
    public List<Claim> claimsOf(String nodeId) {
        return db.locked(() -> allClaims().stream()
                .filter(c -> c.nodeId().equals(nodeId))
                .sorted(Comparator.comparing(Claim::claimedAt).thenComparing(Claim::jobId))
                .toList());
    }

    /** Every claim; there are at most as many as jobs running, so a scan is cheap. */
    private List<Claim> allClaims() {
        return db.scan(Keys.CLAIM).stream()
                .map(e -> StoreJson.decodeClaim(Values.text(e.key(), e.value())))
                .toList();
    }

    @Override
    public int size() {
        return db.locked(this::queuedCount);
    }

    private int queuedCount() {
        return Math.toIntExact(db.queueTail - db.queueHead);
    }

    /** Whether the claim is stored, without decoding it (an ack's only question); call under the lock. */
    boolean holds(String token) {
        return db.get(Keys.claim(token)) != null;
    }

    /** The stored claim; call under the lock. */
    Optional<Claim> read(String token) {
        byte[] key = Keys.claim(token);
        byte[] value = db.get(key);
        return value == null ? Optional.empty() : Optional.of(StoreJson.decodeClaim(Values.text(key, value)));
    }
}
