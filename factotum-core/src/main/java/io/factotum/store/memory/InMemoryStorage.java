package io.factotum.store.memory;

import io.factotum.json.CodePointOrder;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.store.Claim;
import io.factotum.store.EnqueueResult;
import io.factotum.store.JobQueue;
import io.factotum.store.JobStore;
import io.factotum.store.NodeLease;
import io.factotum.store.NodeRegistry;
import io.factotum.store.Outbox;
import io.factotum.store.OutboxEntry;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
import io.factotum.store.RunHistory;
import io.factotum.store.Storage;
import io.factotum.store.StoreException;
import io.factotum.store.StoredJob;
import io.factotum.store.VersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The reference {@link Storage}: everything in memory, lost on close. Every call runs under one
 * lock, which makes each operation trivially atomic; the durable backends must behave the same way
 * (the contract tests in the test-jar check that).
 */
public final class InMemoryStorage implements Storage {
    /** Oldest start first; the reference breaks ties so the order is stable. */
    private static final Comparator<JobRun> RUN_ORDER =
            Comparator.comparing(JobRun::startedAt).thenComparing(JobRun::runReference);

    /** Code-point order, which is the UTF-8 byte order of the durable stores' keys. */
    private static final Comparator<String> JOB_ID_ORDER = CodePointOrder.INSTANCE;

    private final Clock clock;
    private final Object lock = new Object();

    private final TreeMap<String, StoredJob> jobs = new TreeMap<>(JOB_ID_ORDER);
    private final Deque<String> queue = new ArrayDeque<>();
    private final Map<String, Claim> claimsByToken = new LinkedHashMap<>();
    private final TreeMap<String, NodeLease> nodes = new TreeMap<>();
    private final Map<String, Map<String, JobRun>> runsByJob = new HashMap<>();
    private final TreeMap<Long, OutboxEntry> outboxEntries = new TreeMap<>();
    private long lastVersion;
    private long lastOutboxSequence;
    private boolean closed;

    private final JobStore jobStore = new Jobs();
    private final JobQueue jobQueue = new Queue();
    private final NodeRegistry nodeRegistry = new Nodes();
    private final RunHistory runHistory = new Runs();
    private final Outbox outbox = new Events();
    private final InMemoryScheduleStore scheduleStore = new InMemoryScheduleStore();

    /** A store whose leases follow {@code clock}. */
    public InMemoryStorage(Clock clock) {
        this.clock = clock;
    }

    /** A store on the system clock. */
    public InMemoryStorage() {
        this(Clock.systemUTC());
    }

    @Override
    public JobStore jobs() {
        return jobStore;
    }

    @Override
    public JobQueue queue() {
        return jobQueue;
    }

    @Override
    public NodeRegistry nodes() {
        return nodeRegistry;
    }

    @Override
    public RunHistory runs() {
        return runHistory;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public Optional<io.factotum.store.ScheduleStore> schedules() {
        return Optional.of(scheduleStore);
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        scheduleStore.close();
    }

    private <T> T locked(Supplier<T> action) {
        synchronized (lock) {
            if (closed) {
                throw new StoreException("The in-memory store is closed");
            }
            return action.get();
        }
    }

    private final class Jobs implements JobStore {
        @Override
        public Optional<StoredJob> get(String jobId) {
            return locked(() -> Optional.ofNullable(jobs.get(jobId)));
        }

        @Override
        public StoredJob update(StoredJob current, JobEntry next) {
            if (!current.jobId().equals(next.jobId())) {
                throw new IllegalArgumentException("Cannot update job " + current.jobId() + " with an entry for " + next.jobId());
            }
            return locked(() -> {
                StoredJob stored = jobs.get(current.jobId());
                if (stored == null || stored.version() != current.version()) {
                    throw new VersionConflictException(current.jobId(), current.version());
                }
                StoredJob updated = new StoredJob(next, ++lastVersion);
                jobs.put(next.jobId(), updated);
                return updated;
            });
        }

        @Override
        public Page<StoredJob> list(JobState state, PageRequest page) {
            return locked(() -> {
                Map<String, StoredJob> from = page.after().isPresent() ? jobs.tailMap(page.after().get(), false) : jobs;
                List<StoredJob> items = new ArrayList<>();
                boolean more = false;
                for (StoredJob job : from.values()) {
                    if (job.entry().state() != state) {
                        continue;
                    }
                    if (items.size() == page.limit()) {
                        more = true;
                        break;
                    }
                    items.add(job);
                }
                Optional<PageRequest> next = more
                        ? Optional.of(PageRequest.after(items.get(items.size() - 1).jobId(), page.limit()))
                        : Optional.empty();
                return new Page<>(items, next);
            });
        }
    }

    private final class Queue implements JobQueue {
        @Override
        public EnqueueResult enqueue(JobEntry entry, int maxJobs) {
            JobQueue.requireEnqueueable(entry, maxJobs);
            return locked(() -> {
                StoredJob existing = jobs.get(entry.jobId());
                if (existing != null && !existing.entry().isDone()) {
                    return new EnqueueResult.Duplicate(existing);
                }
                if (queue.size() >= maxJobs) {
                    return new EnqueueResult.QueueFull(queue.size(), maxJobs);
                }
                StoredJob created = new StoredJob(entry, ++lastVersion);
                jobs.put(entry.jobId(), created);
                queue.addLast(entry.jobId());
                return new EnqueueResult.Enqueued(created);
            });
        }

        @Override
        public Optional<Claim> claimNext(String nodeId, Duration lease) {
            return locked(() -> {
                String jobId = queue.pollFirst();
                if (jobId == null) {
                    return Optional.empty();
                }
                Instant now = clock.instant();
                Claim claim = new Claim(jobId, nodeId, UUID.randomUUID().toString(), now, now.plus(lease));
                claimsByToken.put(claim.token(), claim);
                return Optional.of(claim);
            });
        }

        @Override
        public Optional<Claim> renew(Claim claim, Duration lease) {
            return locked(() -> {
                Claim stored = claimsByToken.get(claim.token());
                Instant now = clock.instant();
                if (stored == null || stored.isExpiredAt(now)) {
                    return Optional.empty();
                }
                Claim renewed = new Claim(stored.jobId(), stored.nodeId(), stored.token(), stored.claimedAt(), now.plus(lease));
                claimsByToken.put(renewed.token(), renewed);
                return Optional.of(renewed);
            });
        }

        @Override
        public boolean ack(Claim claim) {
            return locked(() -> claimsByToken.remove(claim.token()) != null);
        }

        @Override
        public boolean release(Claim claim) {
            return locked(() -> {
                Claim stored = claimsByToken.remove(claim.token());
                if (stored == null) {
                    return false;
                }
                queue.addFirst(stored.jobId());
                return true;
            });
        }

        @Override
        public List<Claim> expiredClaims() {
            return locked(() -> {
                Instant now = clock.instant();
                return claimsByToken.values().stream()
                        .filter(c -> c.isExpiredAt(now))
                        .sorted(Comparator.comparing(Claim::leaseExpiresAt).thenComparing(Claim::jobId))
                        .toList();
            });
        }

        @Override
        public List<Claim> claimsOf(String nodeId) {
            return locked(() -> claimsByToken.values().stream()
                    .filter(c -> c.nodeId().equals(nodeId))
                    .sorted(Comparator.comparing(Claim::claimedAt).thenComparing(Claim::jobId))
                    .toList());
        }

        @Override
        public int size() {
            return locked(queue::size);
        }
    }

    private final class Nodes implements NodeRegistry {
        @Override
        public NodeLease heartbeat(String nodeId, Duration ttl) {
            return locked(() -> {
                Instant now = clock.instant();
                NodeLease previous = nodes.get(nodeId);
                NodeLease lease = new NodeLease(nodeId, previous == null ? now : previous.firstSeen(), now, now.plus(ttl));
                nodes.put(nodeId, lease);
                return lease;
            });
        }

        @Override
        public List<NodeLease> liveNodes() {
            return locked(() -> {
                Instant now = clock.instant();
                return nodes.values().stream().filter(n -> n.isLiveAt(now)).toList();
            });
        }

        @Override
        public List<NodeLease> deadNodes() {
            return locked(() -> {
                Instant now = clock.instant();
                return nodes.values().stream().filter(n -> !n.isLiveAt(now)).toList();
            });
        }

        @Override
        public boolean remove(String nodeId) {
            return locked(() -> nodes.remove(nodeId) != null);
        }
    }

    private final class Runs implements RunHistory {
        @Override
        public void save(JobRun run) {
            locked(() -> runsByJob.computeIfAbsent(run.jobId(), id -> new HashMap<>()).put(run.runReference(), run));
        }

        @Override
        public Optional<JobRun> get(String jobId, String runReference) {
            return locked(() -> Optional.ofNullable(runsByJob.getOrDefault(jobId, Map.of()).get(runReference)));
        }

        @Override
        public List<JobRun> runs(String jobId) {
            return locked(() -> runsByJob.getOrDefault(jobId, Map.of()).values().stream()
                    .sorted(RUN_ORDER)
                    .toList());
        }
    }

    private final class Events implements Outbox {
        @Override
        public OutboxEntry append(String jobId, String destination, String payload) {
            return locked(() -> {
                OutboxEntry entry = new OutboxEntry(++lastOutboxSequence, jobId, destination, payload, clock.instant());
                outboxEntries.put(entry.sequence(), entry);
                return entry;
            });
        }

        @Override
        public List<OutboxEntry> peek(int limit) {
            return locked(() -> outboxEntries.values().stream().limit(limit).toList());
        }

        @Override
        public List<OutboxEntry> peek(String jobId, int limit) {
            return locked(() -> outboxEntries.values().stream()
                    .filter(e -> e.jobId().equals(jobId))
                    .limit(limit)
                    .toList());
        }

        @Override
        public boolean remove(OutboxEntry entry) {
            return locked(() -> outboxEntries.remove(entry.sequence()) != null);
        }
    }
}
