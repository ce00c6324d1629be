package io.factotum.server.http;

import com.google.gson.JsonObject;
import io.factotum.engine.TaskState;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.TaskRun;
import io.factotum.server.JobService;
import io.factotum.server.events.EventIds;
import io.factotum.server.events.EventJournal;
import io.factotum.server.events.RunningTails;
import io.factotum.server.events.ServerEvent;
import io.factotum.server.events.StoreFollower;
import io.factotum.server.events.StoredJobEvents;
import io.factotum.store.StoreException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The Server-Sent Events endpoints: {@code GET /events} (every job's transitions) and
 * {@code GET /jobs/{id}/events} (one job: its stored history first, then its live transitions and
 * output lines; the stream ends when the job is DONE; of a running task a new client is shown its latest
 * lines, or with {@code ?output=all} every line the journal still holds from the run's start). {@code Last-Event-ID} resumes either stream
 * after the last event the client saw: from the journal while it still holds the events after it,
 * otherwise from the store, after a {@code reset} event that says so (the per-job stream replays the
 * job's history: output lines written meanwhile are not in it; {@code /events} clients should reload
 * their lists). On a cluster (a store several nodes share)
 * the {@link StoreFollower} adds other nodes' facts to the journal: the per-job stream follows a job
 * another node runs, and while {@code /events} clients are connected every job that is not DONE is
 * followed, so {@code /events} shows every job of the cluster, whichever node queues, runs or ends it
 * (another node's jobs a round of the follower later; a job that comes and goes within one round when
 * the DONE jobs are next listed). A client resuming {@code /events} with an id from before every job
 * was followed gets {@code reset}. Clients are bounded in number and in the bytes queued for each: a
 * client that falls behind reads the journal at its own pace ({@link EventClient}) and is dropped only
 * when the journal no longer holds where it stopped.
 */
public final class EventStreamHandler {
    private static final Logger LOG = LogManager.getLogger(EventStreamHandler.class);
    static final long KEEP_ALIVE_MILLIS = 15_000;
    /** Streams open at once; more are refused with 503. */
    public static final int DEFAULT_MAX_CLIENTS = 256;
    /** Bytes queued for one client before it stops taking live events and reads the journal at its own pace. */
    public static final long DEFAULT_MAX_PENDING_BYTES = 512 * 1024;
    /**
     * Lines of each running task a new client is shown (the dashboard keeps a few thousand per task),
     * within half the client's byte bound, so that it has room for what comes live.
     */
    public static final int REPLAY_LINES_PER_TASK = 1000;
    private static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");

    private final EventJournal journal;
    private final RunningTails tails;
    private final Optional<StoreFollower> follower;
    private final JobService jobs;
    private final EventIds ids;
    private final LiveFrames frames;
    private final int maxClients;
    private final long maxPendingBytes;
    private final AtomicInteger clients = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private final Set<EventClient> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param tails the running tasks' latest lines, kept by the journal's feed
     * @param follower follows the jobs other nodes run, on a store several nodes share; empty when
     *     this node runs every job of its store (the journal then tells everything)
     */
    public EventStreamHandler(EventJournal journal, RunningTails tails, Optional<StoreFollower> follower,
            JobService jobs, EventIds ids, int maxClients, long maxPendingBytes) {
        this.journal = journal;
        this.tails = tails;
        this.follower = follower;
        this.jobs = jobs;
        this.ids = ids;
        this.frames = new LiveFrames(ids);
        this.maxClients = maxClients;
        this.maxPendingBytes = maxPendingBytes;
    }

    /** Ends every open stream and stops the journal (at shutdown, so that streams do not hold the HTTP drain). */
    public void shutdown() {
        follower.ifPresent(StoreFollower::close);
        journal.close();
        for (EventClient c : open) {
            c.end();
        }
    }

    /** Clients dropped so far for falling behind. */
    public long droppedStreams() {
        return dropped.get();
    }

    /** Streams open now. */
    public int openStreams() {
        return clients.get();
    }

    /**
     * {@code GET /events}: every job's transitions (no output lines). On a shared store the follower
     * follows every job while such a client is connected (it reads the store, so the handler then runs
     * on a worker thread); otherwise it never touches the store.
     */
    public HttpHandler allJobs() {
        return exchange -> {
            if (follower.isPresent() && exchange.isInIoThread()) {
                exchange.dispatch(this.allJobs());
                return;
            }
            Optional<Runnable> release = admit(exchange);
            if (release.isEmpty()) {
                return;
            }
            Optional<Long> resumeAt = ids.position(exchange.getRequestHeaders().getFirst(LAST_EVENT_ID));
            // Before subscribing: other nodes' jobs are in the journal from here on. The journal tells a
            // resuming client everything only if every job was followed since before its last event
            // (checked after following: a linger that just ended would have made a gap).
            Runnable unfollow = follower.isPresent() ? follower.get().followAll() : () -> { };
            boolean journalTellsAll = follower.isEmpty() || resumeAt.isPresent()
                    && follower.get().allFollowedSince().stream().anyMatch(since -> since < resumeAt.get());
            Runnable admitted = release.get();
            Runnable letGo = () -> {
                unfollow.run();
                admitted.run();
            };
            AtomicReference<Runnable> cancel = new AtomicReference<>(() -> { });
            EventJournal.Interest interest = EventJournal.Interest.everyJob(false);
            EventClient client = new EventClient(ids, frames, journal, interest, maxPendingBytes, false,
                    both(letGo, cancel), dropped::incrementAndGet);
            EventJournal.Subscription sub = journal.subscribe(resumeAt.orElse(journal.lastSeq()), interest,
                    client::offer);
            cancel.set(sub.cancel());
            List<ServerEvent> replay = new ArrayList<>();
            // The client reads the journal from after its Last-Event-ID, at its own pace, if the journal
            // still holds all that came since; otherwise it is told to reload and reads what comes next.
            long from = resumeAt.map(r -> r + 1).orElse(sub.position() + 1);
            if (resumeAt.isPresent() && (!journalTellsAll || !sub.complete())) {
                replay.add(new ServerEvent(0, "reset", "", "reset", resetReason()));
                from = sub.position() + 1;
            } else if (exchange.getRequestHeaders().contains(LAST_EVENT_ID) && resumeAt.isEmpty()) {
                replay.add(new ServerEvent(0, "reset", "", "reset", resetReason()));
            }
            startStream(exchange, client, sub, replay, from, false);
        };
    }

    private static String jobResetReason() {
        JsonObject o = new JsonObject();
        o.addProperty("message", "Events since Last-Event-ID are no longer kept: the job's stored state follows"
                + " (output lines written meanwhile are not)");
        return o.toString();
    }

    private static String resetReason() {
        JsonObject o = new JsonObject();
        o.addProperty("message", "Events since Last-Event-ID are no longer kept: reload the job list");
        return o.toString();
    }

    /** {@code GET /jobs/{id}/events}; reads the store, so it runs on a worker thread. */
    public HttpHandler oneJob() {
        return exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this.oneJob());
                return;
            }
            String id = Routes.pathParameters(exchange, "/jobs/{id}/events").getOrDefault("id", "");
            java.util.Deque<String> outputParameter = exchange.getQueryParameters().get("output");
            String output = outputParameter == null || outputParameter.isEmpty() ? "latest" : outputParameter.getLast();
            if (!output.equals("latest") && !output.equals("all")) {
                Routes.respond(exchange, HttpResponse.message(400,
                        "Validation Error: Invalid 'output', must be one of (latest|all)"));
                return;
            }
            Optional<Runnable> release = Optional.empty();
            try {
                Optional<JobEntry> exists = JobsHandler.isPlausibleId(id) ? jobs.check(id) : Optional.empty();
                if (exists.isEmpty()) {
                    Routes.respond(exchange, HttpResponse.message(404, "Error: No job entry found for id='" + id + "'"));
                    return;
                }
                release = admit(exchange);
                if (release.isEmpty()) {
                    return;
                }
                Optional<Long> resumeAt = ids.position(exchange.getRequestHeaders().getFirst(LAST_EVENT_ID));
                // Other nodes' runs are in the journal only while the job is followed: the journal tells
                // a resuming client everything only if it was followed since before the client's last event.
                boolean journalTellsAll = follower.isEmpty() || resumeAt.isPresent()
                        && follower.get().followedSince(id).stream().anyMatch(since -> since < resumeAt.get());
                Runnable unfollow = follower.isPresent() ? follower.get().follow(id) : () -> { };
                Runnable admitted = release.get();
                Runnable letGo = () -> {
                    unfollow.run();
                    admitted.run();
                };
                release = Optional.of(letGo);
                AtomicReference<Runnable> cancel = new AtomicReference<>(() -> { });
                EventJournal.Interest interest = EventJournal.Interest.job(id);
                EventClient client = new EventClient(ids, frames, journal, interest, maxPendingBytes, true,
                        both(letGo, cancel), dropped::incrementAndGet);
                // Subscribe first, then read the store: whatever happens in between is both stored and
                // in the journal after the subscription's position, and the client passes over the copy. A
                // new client is shown the running tasks' latest lines up to that position (below), not
                // the whole job.
                EventJournal.Subscription sub = journal.subscribe(resumeAt.orElse(journal.lastSeq()), interest,
                        client::offer);
                cancel.set(sub.cancel());
                JobEntry entry = jobs.check(id).orElseThrow();
                // After reading the entry: if it is DONE, the follower has now appended everything up to its end.
                follower.ifPresent(f -> f.catchUp(id));
                boolean done = entry.state() == JobState.DONE;
                if (resumeAt.isPresent() && journalTellsAll && sub.complete()) {
                    // Read from the journal after its Last-Event-ID, at its own pace; a DONE job's stream ends
                    // once the client has read to the journal's latest event.
                    startStream(exchange, client, sub, List.of(), resumeAt.get() + 1, done);
                    return;
                }
                List<JobRun> runs = jobs.runs(id);
                List<ServerEvent> replay = new ArrayList<>();
                if (exchange.getRequestHeaders().contains(LAST_EVENT_ID)) {
                    // A resume the journal cannot serve: the client is told, then sent the stored state again.
                    replay.add(new ServerEvent(0, "reset", "", "reset", jobResetReason()));
                }
                replay.addAll(StoredJobEvents.replay(entry, runs));
                long from = sub.position() + 1;
                if (!runs.isEmpty() && !runs.get(runs.size() - 1).isFinished()) {
                    JobRun current = runs.get(runs.size() - 1);
                    OptionalLong runStart = output.equals("all") && resumeAt.isEmpty()
                            ? tails.runStart(id, current.runReference()) : OptionalLong.empty();
                    if (runStart.isPresent() && runStart.getAsLong() >= journal.oldestSeq()) {
                        // Every line of the run, read from the journal from its start (the stored tails of its
                        // finished tasks would repeat some): the replay's other facts are passed over there.
                        replay = StoredJobEvents.withoutLinesOf(replay, current.runReference());
                        from = runStart.getAsLong();
                    } else {
                        replay.addAll(resumeAt.isPresent()
                                ? StoredJobEvents.runningOutput(current, sub.backlog(), REPLAY_LINES_PER_TASK,
                                        maxPendingBytes / 2)
                                : latestLines(id, current, sub.position()));
                    }
                }
                startStream(exchange, client, sub, replay, from, done);
            } catch (StoreException e) {
                release.ifPresent(Runnable::run); // (the subscription, if any, is dropped with the client)
                LOG.warn("Store unavailable for an event stream: {}", e.getMessage());
                Routes.respond(exchange, HttpResponse.message(503, "Store unavailable - " + e.getMessage()));
            }
        };
    }

    /**
     * The latest lines of the running tasks of {@code current} up to {@code position}, as kept by the
     * feed (reading them costs the lines), or, if the feed and the stored run disagree on which tasks
     * run (a task that just started or finished), as found by walking the journal back.
     */
    private List<ServerEvent> latestLines(String id, JobRun current, long position) {
        List<String> running = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        for (TaskRun t : current.tasks()) {
            if (t.state().isFinished()) {
                finished.add(t.taskName());
            } else if (t.state() == TaskState.RUNNING) {
                running.add(t.taskName());
            }
        }
        return tails.latest(id, current.runReference(), running, finished, position, maxPendingBytes / 2)
                .orElseGet(() -> StoredJobEvents.runningOutput(current, journal, position, id, REPLAY_LINES_PER_TASK,
                        maxPendingBytes / 2));
    }

    private static Runnable both(Runnable release, AtomicReference<Runnable> cancel) {
        return () -> {
            cancel.get().run();
            release.run();
        };
    }

    /** Counts the client in, or answers 503 when too many streams are open. */
    private Optional<Runnable> admit(HttpServerExchange exchange) {
        if (clients.incrementAndGet() > maxClients) {
            clients.decrementAndGet();
            Routes.respond(exchange, HttpResponse.message(503, "Too many event streams open - try again later"));
            return Optional.empty();
        }
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                clients.decrementAndGet();
            }
        });
    }

    /** Starts the response: {@code replay}, then the journal from {@code fromSeq} on. */
    private void startStream(HttpServerExchange exchange, EventClient client, EventJournal.Subscription sub,
            List<ServerEvent> replay, long fromSeq, boolean jobDone) throws Exception {
        LOG.info("{} {} event stream", exchange.getRequestMethod(), exchange.getRequestURI());
        String replayId = ids.format(sub.position());
        exchange.getResponseHeaders().put(new HttpString("Cache-Control"), "no-store");
        exchange.getResponseHeaders().put(new HttpString("X-Accel-Buffering"), "no");
        open.add(client);
        // A client that goes before the stream starts is let go too.
        exchange.addExchangeCompleteListener((ex, next) -> {
            client.close();
            open.remove(client);
            next.proceed();
        });
        EventChannel.open(exchange, client::written, client::close, client::drained, KEEP_ALIVE_MILLIS,
                channel -> client.start(channel, replay, replayId, fromSeq, jobDone));
    }
}
