package io.factotum.server.events;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.store.StoreException;
import io.factotum.store.Storage;
import io.factotum.store.StoredJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Follows, from the store, the jobs that clients stream and that other nodes run (on a cluster the
 * local scheduler tells only its own runs): every {@code interval} it reads each followed job's entry
 * and runs and appends to the journal, as the same events the local feed makes, the facts it has not
 * told yet, so that they get journal ids (a client resumes with {@code Last-Event-ID} as for local
 * events) and the per-job stream ends on the job's DONE event. Runs of this node are left to the
 * local feed. A task's output is in the store once the task has finished, so another node's output
 * lines come when each task ends, not line by line.
 *
 * <p>A job is followed while clients stream it, and for {@code linger} after the last one goes (so a
 * client that reconnects finds the journal complete); its store is no longer read once it is DONE.
 */
public final class StoreFollower implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(StoreFollower.class);
    /** How often followed jobs are read: a modest load on the store, a short delay for clients. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(300);
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(30);

    private final Storage storage;
    private final EventJournal journal;
    private final String nodeId;
    private final long lingerNanos;
    private final ScheduledExecutorService poller;
    /** Followed jobs by id; guarded by {@code this}. */
    private final Map<String, Followed> followed = new HashMap<>();
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param nodeId this node's id: runs it made are told by the local scheduler, not from the store
     */
    public StoreFollower(Storage storage, EventJournal journal, String nodeId, Duration interval, Duration linger) {
        this.storage = storage;
        this.journal = journal;
        this.nodeId = nodeId;
        this.lingerNanos = linger.toNanos();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "event-store-follower");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Follows {@code jobId} for one more client until the returned handle is run (idempotent). Call it
     * before subscribing to the journal: what the store holds now is taken as told (the client is
     * shown it from the store), and everything after goes to the journal.
     *
     * @throws StoreException if the store cannot be read
     */
    public Runnable follow(String jobId) {
        Followed f;
        synchronized (this) {
            f = followed.get(jobId);
            if (f == null) {
                f = new Followed(jobId, journal.lastSeq());
                followed.put(jobId, f);
            }
            f.clients++;
        }
        Followed mine = f;
        synchronized (mine) {
            if (!mine.baselined) {
                try {
                    read(jobId).ifPresent(now -> mine.told.addAll(keys(facts(now.entry(), now.runs()))));
                } catch (StoreException e) {
                    release(mine);
                    throw e;
                }
                mine.baselined = true;
            }
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(mine);
            }
        };
    }

    /**
     * Appends now what is new about a followed job. A client calls it after subscribing and before
     * reading the store for its replay: the facts the store gained since the follower last read it are
     * then in the journal before the replay is read, so the client takes them as already told instead
     * of being sent them again after the replay.
     *
     * @throws StoreException if the store cannot be read
     */
    public void catchUp(String jobId) {
        Followed f;
        synchronized (this) {
            f = followed.get(jobId);
        }
        if (f != null) {
            poll(f);
        }
    }

    /**
     * The journal position since which {@code jobId} has been followed without a break, if it is: a
     * client whose {@code Last-Event-ID} is at or after it has missed nothing of other nodes' runs.
     */
    public synchronized OptionalLong followedSince(String jobId) {
        Followed f = followed.get(jobId);
        return f == null ? OptionalLong.empty() : OptionalLong.of(f.since);
    }

    /** Jobs followed now. */
    public synchronized int followedCount() {
        return followed.size();
    }

    private synchronized void release(Followed f) {
        f.clients--;
        if (f.clients == 0) {
            f.idleSince = System.nanoTime();
        }
    }

    /** Rounds of reading the followed jobs done so far. */
    public long rounds() {
        return rounds.get();
    }

    private void pollAll() {
        try {
            pollEach();
        } finally {
            rounds.incrementAndGet();
        }
    }

    private void pollEach() {
        List<Followed> now;
        synchronized (this) {
            now = new ArrayList<>(followed.values());
        }
        for (Followed f : now) {
            try {
                poll(f);
                if (storeDown.compareAndSet(true, false)) {
                    LOG.info("Store readable again: following other nodes' jobs");
                }
                synchronized (this) {
                    if (f.clients == 0 && System.nanoTime() - f.idleSince > lingerNanos) {
                        followed.remove(f.jobId, f);
                    }
                }
            } catch (StoreException e) {
                if (storeDown.compareAndSet(false, true)) {
                    LOG.warn("Store unavailable, events of other nodes' jobs wait: {}", e.getMessage());
                }
                return; // the next round tries again
            } catch (RuntimeException e) {
                LOG.warn("Following job {} failed: {}", f.jobId, e.toString());
            }
        }
    }

    /** Appends what is new about the job, until it is DONE (or gone). */
    private void poll(Followed f) {
        synchronized (f) {
            if (!f.baselined || f.done) {
                return; // its first client is still reading the store, or there is nothing more to tell
            }
            Optional<Snapshot> now = read(f.jobId);
            if (now.isEmpty()) {
                f.done = true;
                return;
            }
            boolean done = now.get().entry().state() == JobState.DONE;
            for (ServerEvent e : facts(now.get().entry(), now.get().runs())) {
                // A run's end is told with the entry DONE, so that a client whose stream ends finds the job DONE.
                if (e.isJobDone() && !done) {
                    break;
                }
                if (f.told.add(e.key())) {
                    journal.append(e);
                }
            }
            f.done = done;
        }
    }

    private List<ServerEvent> facts(JobEntry entry, List<JobRun> runs) {
        return StoredJobEvents.replay(entry, runs, run -> !run.nodeId().equals(nodeId));
    }

    private static List<String> keys(List<ServerEvent> events) {
        return events.stream().map(ServerEvent::key).toList();
    }

    private Optional<Snapshot> read(String jobId) {
        Optional<StoredJob> stored = storage.jobs().get(jobId);
        return stored.map(s -> new Snapshot(s.entry(), storage.runs().runs(jobId)));
    }

    /** Stops following every job. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Snapshot(JobEntry entry, List<JobRun> runs) {
    }

    private static final class Followed {
        final String jobId;
        final long since;
        /** Keys of the facts the store held and that are told (by the store or by the journal). */
        final Set<String> told = new HashSet<>();
        boolean baselined;
        /** DONE and told: it is kept (not read) until its clients are gone, for {@link #followedSince}. */
        boolean done;
        /** Guarded by the follower. */
        int clients;
        long idleSince;

        Followed(String jobId, long since) {
            this.jobId = jobId;
            this.since = since;
        }
    }
}
