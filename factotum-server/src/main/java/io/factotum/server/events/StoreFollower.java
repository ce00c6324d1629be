package io.factotum.server.events;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
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
 * <p>Who tells what, so that no fact is told twice: a run's facts are told by the node that runs it
 * ({@link JobRun#nodeId()}); the entry's own facts (queued; DONE) by the node that wrote the entry
 * ({@link JobEntry#lastRunFrom()}: the node a job was submitted or resumed on writes its QUEUED entry
 * and tells {@code queued} from its scheduler, the node that runs or cancels it writes DONE and tells
 * the end). The follower tells only what another node wrote.
 *
 * <p>A job is followed while clients stream it, and for {@code linger} after the last one goes (so a
 * client that reconnects finds the journal complete); its store is no longer read once it is DONE.
 *
 * <p>While clients stream {@code /events} ({@link #followAll()}, and for {@code linger} after the
 * last one goes) every job that is not DONE is followed too: each round lists the QUEUED and WORKING
 * entries and follows the jobs it finds, and a followed job that leaves the lists is read until its
 * DONE is told. What the store held when this began is taken as told, as for one job; a job found
 * later is told from its start (its earlier runs, before a resume or a new submission, are not told
 * again). A job queued and DONE between two rounds is never listed as active: every
 * {@value #DONE_LISTING_ROUNDS}th round also lists the DONE entries and tells the present life of each
 * whose entry changed since it was last seen, so such a job is told a few seconds late, not never
 * (the DONE listing is the whole history, so it is read less often). Nothing is read for this while
 * no such client is connected or lingering.
 */
public final class StoreFollower implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(StoreFollower.class);
    /** How often followed jobs are read: a modest load on the store, a short delay for clients. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(300);
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(30);
    /**
     * Entries per page when listing jobs: large, since a store that keeps no state index (Consul) reads
     * the whole namespace for each page.
     */
    static final int LIST_PAGE = 10_000;
    /** Every how many rounds the DONE entries are listed too (see the class comment). */
    static final int DONE_LISTING_ROUNDS = 10;

    private final Storage storage;
    private final EventJournal journal;
    private final String nodeId;
    private final long lingerNanos;
    private final ScheduledExecutorService poller;
    /** Followed jobs by id; guarded by {@code this}. */
    private final Map<String, Followed> followed = new HashMap<>();
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong storeReads = new java.util.concurrent.atomic.AtomicLong();
    /** Held while every active job is listed (the poller) or taken as told (an {@code /events} client). */
    private final Object allLock = new Object();
    /** {@code /events} clients following every job; guarded by {@code this}. */
    private int allClients;
    private long allIdleSince;
    /** Whether every job that is not DONE is followed (clients, or lingering); guarded by {@code this}. */
    private boolean allOn;
    /** Since when every job has been followed without a break, once the store was read for it; guarded by {@code this}. */
    private OptionalLong allSince = OptionalLong.empty();
    /**
     * While every job is followed: the entry version last seen or told of each job, so that a DONE
     * listing tells only the jobs that changed since; guarded by {@code this}.
     */
    private final Map<String, Long> seenVersions = new HashMap<>();
    /** Rounds of following every job since it began; the poller's only. */
    private long allRounds;

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
            f.streamed = true;
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

    /**
     * Follows every job that is not DONE, for one more {@code /events} client, until the returned
     * handle is run (idempotent). Call it before subscribing to the journal: when it starts following,
     * what the store holds now is taken as told (the client loads the job list from the store). If
     * the store cannot be read, the poller takes the store's state later ({@link #allFollowedSince()}
     * stays empty until then).
     */
    public Runnable followAll() {
        synchronized (this) {
            allClients++;
            allOn = true;
        }
        try {
            baselineAll();
        } catch (StoreException e) {
            storeUnavailable(e);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                synchronized (this) {
                    allClients--;
                    if (allClients == 0) {
                        allIdleSince = System.nanoTime();
                    }
                }
            }
        };
    }

    /**
     * The journal position since which every job has been followed without a break, if it is: an
     * {@code /events} client whose {@code Last-Event-ID} is after it has missed nothing of other
     * nodes' jobs (one at or before it may have: it was told nothing between).
     */
    public synchronized OptionalLong allFollowedSince() {
        return allOn ? allSince : OptionalLong.empty();
    }

    /** Store reads (listings, entries, run histories) made so far to follow jobs. */
    public long storeReads() {
        return storeReads.get();
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

    /** Runs one round now, on the caller's thread (tests: a follower made with a long interval runs none itself). */
    void runRound() {
        pollAll();
    }

    private void pollAll() {
        try {
            pollEach();
        } finally {
            rounds.incrementAndGet();
        }
    }

    private void pollEach() {
        try {
            listAll();
        } catch (StoreException e) {
            storeUnavailable(e);
            return; // the next round tries again
        } catch (RuntimeException e) {
            LOG.warn("Listing the jobs to follow failed: {}", e.toString());
        }
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
                    boolean lingering = f.streamed && System.nanoTime() - f.idleSince <= lingerNanos;
                    // Followed for /events: kept until its DONE is told.
                    if (f.clients == 0 && !lingering && (!f.all || f.done)) {
                        followed.remove(f.jobId, f);
                    }
                }
            } catch (StoreException e) {
                storeUnavailable(e);
                return; // the next round tries again
            } catch (RuntimeException e) {
                LOG.warn("Following job {} failed: {}", f.jobId, e.toString());
            }
        }
    }

    private void storeUnavailable(StoreException e) {
        if (storeDown.compareAndSet(false, true)) {
            LOG.warn("Store unavailable, events of other nodes' jobs wait: {}", e.getMessage());
        }
    }

    /**
     * While every job is followed: ends that after the linger, or else takes the store's state (once)
     * and follows the jobs listed QUEUED or WORKING that are not followed yet.
     */
    private void listAll() {
        synchronized (this) {
            if (allOn && allClients == 0 && System.nanoTime() - allIdleSince > lingerNanos) {
                allOn = false;
                allSince = OptionalLong.empty();
                seenVersions.clear();
                followed.values().forEach(f -> f.all = false);
            }
            if (!allOn) {
                return; // no /events client: nothing is read for them
            }
        }
        baselineAll();
        synchronized (allLock) {
            long since;
            synchronized (this) {
                if (!allOn || allSince.isEmpty()) {
                    return;
                }
                since = allSince.getAsLong();
            }
            Map<String, StoredJob> active = list(List.of(JobState.QUEUED, JobState.WORKING));
            // The DONE listing is the whole history: read every few rounds, for the jobs that began and
            // ended between two rounds (never listed active).
            Map<String, StoredJob> done = ++allRounds % DONE_LISTING_ROUNDS == 0 ? list(List.of(JobState.DONE)) : Map.of();
            List<Map.Entry<Followed, StoredJob>> listed = new ArrayList<>();
            synchronized (this) {
                for (StoredJob job : active.values()) {
                    // Found now: every fact of its present life is after since, and is told.
                    Followed f = followed.computeIfAbsent(job.jobId(), id -> new Followed(id, since));
                    f.all = true;
                    seenVersions.put(job.jobId(), job.version());
                    listed.add(Map.entry(f, job));
                }
                for (StoredJob job : done.values()) {
                    Long seen = seenVersions.put(job.jobId(), job.version());
                    if (seen != null && seen == job.version() || active.containsKey(job.jobId())) {
                        continue; // told, or seen DONE before
                    }
                    Followed f = followed.computeIfAbsent(job.jobId(), id -> new Followed(id, since));
                    f.all = true;
                    listed.add(Map.entry(f, job));
                }
            }
            for (Map.Entry<Followed, StoredJob> l : listed) {
                Followed f = l.getKey();
                synchronized (f) {
                    if (!f.baselined) {
                        read(f.jobId).ifPresent(now -> f.told.addAll(keys(earlierLives(now))));
                        f.baselined = true;
                    } else if (f.done && l.getValue().version() > f.doneVersion) {
                        // DONE and told, then queued again (resumed or submitted anew): a new life, told
                        // from the store; the facts of its earlier runs are told already.
                        f.told.remove(EventFacts.queued(l.getValue().entry()).key());
                        f.told.remove(EventFacts.doneWithoutRun(l.getValue().entry()).key());
                        f.done = false;
                    }
                }
            }
        }
    }

    /**
     * When every job begins to be followed: follows the jobs that are not DONE and takes what the store
     * holds of them as told. Does nothing once done (until following every job ends).
     */
    private void baselineAll() {
        synchronized (allLock) {
            synchronized (this) {
                if (!allOn || allSince.isPresent()) {
                    return;
                }
            }
            long since = journal.lastSeq();
            Map<String, StoredJob> active = list(List.of(JobState.QUEUED, JobState.WORKING));
            Map<String, StoredJob> done = list(List.of(JobState.DONE));
            synchronized (this) {
                active.values().forEach(job -> seenVersions.put(job.jobId(), job.version()));
                done.values().forEach(job -> seenVersions.put(job.jobId(), job.version()));
            }
            for (StoredJob job : active.values()) {
                Followed f;
                synchronized (this) {
                    f = followed.computeIfAbsent(job.jobId(), id -> new Followed(id, since));
                    f.all = true;
                }
                synchronized (f) {
                    if (!f.baselined || f.done) {
                        read(f.jobId).ifPresent(now -> f.told.addAll(keys(facts(now.entry(), now.runs()))));
                        f.baselined = true;
                        f.done = false;
                    }
                }
            }
            synchronized (this) {
                allSince = OptionalLong.of(since);
            }
        }
    }

    /**
     * The entries in {@code states} by job id, page by page. List QUEUED before WORKING: a job that moves
     * on while it is listed is missed by both listings (and read as a followed job, or found in the next
     * round) rather than taken in an older state.
     */
    private Map<String, StoredJob> list(List<JobState> states) {
        Map<String, StoredJob> active = new java.util.LinkedHashMap<>();
        for (JobState state : states) {
            Optional<PageRequest> page = Optional.of(PageRequest.first(LIST_PAGE));
            while (page.isPresent()) {
                storeReads.incrementAndGet();
                Page<StoredJob> p = storage.jobs().list(state, page.get());
                p.items().forEach(j -> active.merge(j.jobId(), j, (a, b) -> a.version() >= b.version() ? a : b));
                page = p.next();
            }
        }
        return active;
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
                // A run's end is told with the entry DONE, so that a client whose stream ends finds the job
                // DONE (an earlier run's end, told already, is passed over).
                if (e.isJobDone() && !done && !f.told.contains(e.key())) {
                    break;
                }
                if (f.told.add(e.key())) {
                    journal.append(e);
                }
            }
            f.doneVersion = now.get().version();
            f.done = done;
            if (done) {
                synchronized (this) {
                    if (allOn) {
                        seenVersions.put(f.jobId, f.doneVersion); // told: a DONE listing passes over it
                    }
                }
            }
        }
    }

    /** What the store says of the job that another node did (see the class comment: who tells what). */
    private List<ServerEvent> facts(JobEntry entry, List<JobRun> runs) {
        boolean othersEntry = !entry.lastRunFrom().equals(nodeId);
        List<ServerEvent> events = StoredJobEvents.replay(entry, runs, run -> !run.nodeId().equals(nodeId),
                othersEntry);
        if (othersEntry || !entry.isDone()) {
            return events;
        }
        // This node wrote DONE (e.g. it cancelled a run resumed elsewhere): its scheduler told the end.
        return events.stream().filter(e -> !e.isJobDone()).toList();
    }

    /**
     * The facts of a job found by a listing that belong to its earlier lives (runs that ended before it
     * was resumed or submitted anew): taken as told, so that only its present life is told. A QUEUED
     * job's runs have all ended unless it continues one; otherwise its latest run is its present one.
     */
    private List<ServerEvent> earlierLives(Snapshot now) {
        List<JobRun> runs = now.runs();
        int present = runs.size();
        if (!runs.isEmpty() && !(now.entry().state() == JobState.QUEUED && runs.get(runs.size() - 1).isFinished())) {
            present = runs.size() - 1;
        }
        return StoredJobEvents.replay(now.entry(), runs.subList(0, present), run -> !run.nodeId().equals(nodeId),
                false);
    }

    private static List<String> keys(List<ServerEvent> events) {
        return events.stream().map(ServerEvent::key).toList();
    }

    private Optional<Snapshot> read(String jobId) {
        storeReads.incrementAndGet();
        Optional<StoredJob> stored = storage.jobs().get(jobId);
        return stored.map(s -> {
            storeReads.incrementAndGet();
            return new Snapshot(s.entry(), s.version(), storage.runs().runs(jobId));
        });
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

    private record Snapshot(JobEntry entry, long version, List<JobRun> runs) {
    }

    private static final class Followed {
        final String jobId;
        final long since;
        /** Keys of the facts the store held and that are told (by the store or by the journal). */
        final Set<String> told = new HashSet<>();
        boolean baselined;
        /** DONE and told: it is kept (not read) until its clients are gone, for {@link #followedSince}. */
        volatile boolean done;
        /** The version of the entry last read (DONE, once {@code done}). */
        long doneVersion;
        /** Guarded by the follower. */
        int clients;
        long idleSince;
        /** Whether a client has streamed it (it then lingers); guarded by the follower. */
        boolean streamed;
        /** Followed for {@code /events} clients; guarded by the follower. */
        boolean all;

        Followed(String jobId, long since) {
            this.jobId = jobId;
            this.since = since;
        }
    }
}
