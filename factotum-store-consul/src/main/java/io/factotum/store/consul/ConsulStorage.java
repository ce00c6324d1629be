package io.factotum.store.consul;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.store.Claim;
import io.factotum.store.FactfileArchive;
import io.factotum.store.JobQueue;
import io.factotum.store.JobStore;
import io.factotum.store.NodeRegistry;
import io.factotum.store.Outbox;
import io.factotum.store.RunHistory;
import io.factotum.store.Storage;
import io.factotum.store.StoreException;
import io.factotum.store.StoreJson;
import io.factotum.store.StoredJob;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The clustered {@link Storage}: every server sharing one Consul and namespace sees one set of job
 * entries, one FIFO queue and its claims, the nodes, the runs and the webhook outbox (key layout in
 * {@link ConsulKeys}). Each call that changes more than one key is one Consul transaction. When
 * Consul cannot be reached every call throws {@link StoreException} and nothing is half-written;
 * durability is Consul's (Raft on the servers).
 */
public final class ConsulStorage implements Storage {
    private final ConsulKv kv;
    private final ConsulKeys keys;
    private final ConsulSessions sessions;
    private final ConsulJobStore jobs;
    private final ConsulJobQueue queue;
    private final ConsulNodeRegistry nodes;
    private final ConsulRunHistory runs;
    private final ConsulOutbox outbox;
    private final ConsulFactfileArchive factfiles;
    private final ConsulScheduleStore schedules;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ConsulStorage(ConsulKv kv, ConsulKeys keys, Clock clock) {
        this.kv = kv;
        this.keys = keys;
        this.sessions = new ConsulSessions(kv, keys);
        this.jobs = new ConsulJobStore(kv, keys);
        this.queue = new ConsulJobQueue(kv, keys, clock);
        this.nodes = new ConsulNodeRegistry(kv, keys, clock, sessions);
        this.runs = new ConsulRunHistory(kv, keys);
        this.outbox = new ConsulOutbox(kv, keys, clock);
        this.factfiles = new ConsulFactfileArchive(kv, keys);
        this.schedules = new ConsulScheduleStore(kv, keys);
    }

    /**
     * Connects to the agent. Does not fail when Consul is down (the server starts and reports not
     * ready); each call fails until it is back.
     */
    public static ConsulStorage open(ConsulSettings settings, Clock clock) {
        return new ConsulStorage(new ConsulKv(settings), new ConsulKeys(settings.namespace()), clock);
    }

    /** The entry's check-and-set and the run in one transaction: one request to the agent, not two. */
    @Override
    public StoredJob startRun(StoredJob current, JobEntry working, JobRun run) {
        return jobs.updateWith(current, working,
                new Txn().set(keys.run(run.jobId(), run.runReference()), StoreJson.encodeRun(run)));
    }

    /** The entry's check-and-set, the run and the ack in one transaction: one request, not three. */
    @Override
    public StoredJob finishRun(JobRun run, StoredJob current, JobEntry done, Claim claim) {
        return jobs.updateWith(current, done, new Txn()
                .set(keys.run(run.jobId(), run.runReference()), StoreJson.encodeRun(run))
                .delete(keys.claim(claim.token())));
    }

    @Override
    public JobStore jobs() {
        requireOpen();
        return jobs;
    }

    @Override
    public JobQueue queue() {
        requireOpen();
        return queue;
    }

    @Override
    public NodeRegistry nodes() {
        requireOpen();
        return nodes;
    }

    @Override
    public RunHistory runs() {
        requireOpen();
        return runs;
    }

    @Override
    public Outbox outbox() {
        requireOpen();
        return outbox;
    }

    @Override
    public Optional<FactfileArchive> factfiles() {
        requireOpen();
        return Optional.of(factfiles);
    }

    @Override
    public Optional<io.factotum.store.ScheduleStore> schedules() {
        requireOpen();
        return Optional.of(schedules);
    }

    /** Whether Consul answers and has a leader: what readiness reports. */
    public boolean isReachable() {
        try {
            return kv.hasLeader();
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                sessions.destroyAll();
            } catch (StoreException e) {
                // Consul is down: the sessions lapse by themselves
            }
            kv.close();
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new StoreException("The Consul store is closed");
        }
    }
}
