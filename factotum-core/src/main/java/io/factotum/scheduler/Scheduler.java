package io.factotum.scheduler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.factotum.engine.OutputStreamKind;
import io.factotum.factfile.FactfileException;
import io.factotum.job.JobEntry;
import io.factotum.job.JobId;
import io.factotum.job.JobRequest;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import io.factotum.engine.TaskState;
import io.factotum.store.EnqueueResult;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
import io.factotum.store.Storage;
import io.factotum.store.StoredJob;
import io.factotum.store.VersionConflictException;
import io.factotum.webhook.References;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One scheduler node on a {@link Storage}: the client operations (submit, check, list, runs,
 * cancel, resume) and the machinery behind them (dispatch loop, workers, timeouts, housekeeping,
 * webhook relay). Build it through {@code io.factotum.Factotum.builder()}.
 *
 * <p>Every state change is stored before it is reported, so a node that dies loses nothing: on
 * {@link #start()} it hands back the claims its previous incarnation held, queued jobs run in their
 * original order, interrupted runs continue, and webhook events not yet delivered are sent.
 *
 * <p><b>Delivery guarantees.</b> A continued run keeps the results of its tasks whose end was
 * stored (SUCCEEDED, SUCCEEDED_NO_OP, FAILED): they are not run again. A task that was running when
 * the node died is run again: at-least-once for the interrupted task (and for one that ended in
 * the instant between its process exiting and its result being stored). With the default task runner
 * ({@link io.factotum.engine.ProcessTaskRunner#boundToNode}) the old run never overlaps the new one:
 * a node's task processes die with it, and a restarted node waits for them before it runs a task. Webhook events are delivered at least once, in
 * order per job.
 *
 * <p>Built for one node per store; several nodes on a shared store take over each other's jobs
 * when a claim lapses, but that depends on the store's claims and is not covered by tests here.
 */
public final class Scheduler {
    private static final Logger LOG = LogManager.getLogger(Scheduler.class);

    private final Storage storage;
    private final JobRunner runner;
    private final Clock clock;
    private final SchedulerConfig config;
    private final Optional<WebhookRelay> webhooks;

    private final List<SchedulerListener> listeners = new CopyOnWriteArrayList<>();
    private final SchedulerListener events = this::publish;
    private final List<RunOutputListener> outputListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Duration> timeoutOverrides = new ConcurrentHashMap<>();
    private final ActiveJobs active = new ActiveJobs();
    private final Waiter waiter = new Waiter();
    private volatile AutoCloseable queueWatch = () -> { };
    private final JobTimeouts timeouts = new JobTimeouts();
    private final WorkerPool workers;
    private final Housekeeper housekeeper;
    private final DispatchLoop dispatch;
    /** The text-only half of every job id (JobId.canonicalFactfile), per factfile text; weighed in chars. */
    private final Cache<String, byte[]> canonicalFactfiles = Caffeine.newBuilder()
            .maximumWeight(8L * 1024 * 1024).weigher((String text, byte[] canonical) -> text.length())
            .executor(Runnable::run).build();
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean stopped;

    /**
     * @param webhooks the relay the runner sends webhook events through; the scheduler replays its
     *     pending events at start and closes it at stop
     */
    public Scheduler(Storage storage, JobRunner runner, Clock clock, SchedulerConfig config,
            Optional<WebhookRelay> webhooks) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.workers = new WorkerPool(config.maxWorkers());
        this.housekeeper = new Housekeeper(storage, config, active, waiter);
        // A request's timeout applies to the run that starts next, which takes it.
        JobWorker worker = new JobWorker(storage, runner, clock, config, active, timeouts,
                id -> Optional.ofNullable(timeoutOverrides.remove(id)), events, this::publishLine);
        this.dispatch = new DispatchLoop(storage.queue(), config, workers, waiter, worker::run);
    }

    /** Recovers what a previous incarnation left (claims, webhook events), then starts running jobs. */
    public void start() {
        synchronized (lifecycle) {
            if (started) {
                throw new IllegalStateException("already started");
            }
            started = true;
        }
        webhooks.ifPresent(WebhookRelay::replayPending);
        housekeeper.recoverOwnClaims();
        housekeeper.start();
        // Jobs queued by other nodes wake this one at once where the store can tell (the poll stays as a safety net).
        queueWatch = storage.queue().watch(waiter::wake);
        dispatch.start();
        LOG.info("Scheduler {} started: {} workers, queue of {}", config.nodeId(), config.maxWorkers(),
                config.maxJobs());
    }

    /**
     * Stops taking jobs, stops the running ones and hands them back to the queue (their runs
     * continue at the next start, or on another node), then stops webhook delivery (undelivered
     * events stay in the store). Idempotent. Does not close the storage.
     */
    public void stop() {
        stop(Duration.ZERO);
    }

    /**
     * Like {@link #stop()}, but first lets running jobs finish for up to {@code grace} (nothing new
     * is taken meanwhile); only the jobs still running after it are stopped and handed back.
     */
    public void stop(Duration grace) {
        synchronized (lifecycle) {
            if (stopped || !started) {
                stopped = true;
                return;
            }
            stopped = true;
        }
        try {
            dispatch.stop();
            if (!grace.isZero() && !grace.isNegative() && workers.awaitIdle(grace)) {
                LOG.info("Every running job finished within the shutdown grace period");
            }
            active.closeAndStopAll();
            if (!workers.shutdown(config.shutdownWait())) {
                LOG.warn("Some jobs did not stop within {}", config.shutdownWait());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(queueWatch);
            housekeeper.close();
            timeouts.close();
            webhooks.ifPresent(WebhookRelay::close);
            try {
                storage.nodes().remove(config.nodeId());
            } catch (RuntimeException e) {
                LOG.warn("Could not deregister node {}: {}", config.nodeId(), e.getMessage());
            }
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Could not stop watching the queue: {}", e.getMessage());
        }
    }

    public void addListener(SchedulerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(SchedulerListener listener) {
        listeners.remove(listener);
    }

    /** Adds a listener for running tasks' output lines (see {@link RunOutputListener}). */
    public void addOutputListener(RunOutputListener listener) {
        outputListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeOutputListener(RunOutputListener listener) {
        outputListeners.remove(listener);
    }

    /**
     * Validates and queues a job, checking as Factotum Server's {@code /submit} does (server spec
     * 3.4 step 4), then the duplicate and queue-full checks together with the QUEUED write, in one
     * atomic step (ruling 5).
     *
     * @throws io.factotum.store.StoreException if the store cannot be reached: nothing was accepted
     */
    public SubmitResult submit(SubmitRequest request) {
        if (request.jobName().isEmpty()) {
            return invalid("No valid value found: field 'jobName' cannot be empty");
        }
        String path = request.factfilePath();
        if (path.isEmpty()) {
            return invalid("No valid value found: field 'factfilePath' cannot be empty");
        }
        if (!exists(path)) {
            return invalid("Value does not exist on host for 'factfilePath':'" + path + "'");
        }
        try {
            runner.validate(path, request.factfileArgs());
        } catch (InvalidJobException e) {
            List<String> command = new ArrayList<>(List.of(runner.commandName(), "run", path, "--dry-run"));
            command.addAll(request.factfileArgs());
            return invalid("Failed to execute command: [" + String.join(" ", command) + "] - " + e.getMessage());
        }
        FactfileArgs args;
        try {
            args = FactfileArgs.parse(request.factfileArgs());
        } catch (FactfileArgsException e) {
            return invalid("Error parsing tags in factfile args: " + e.getMessage());
        }
        String text;
        try {
            text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return invalid("Could not open '" + path + "' for reading: " + e.getMessage());
        }
        String jobId;
        try {
            byte[] canonical = canonicalFactfiles.getIfPresent(text);
            if (canonical == null) {
                canonical = JobId.canonicalFactfile(text);
                canonicalFactfiles.put(text, canonical);
            }
            jobId = JobId.compute(canonical, args.tags());
        } catch (FactfileException e) {
            return invalid(e.getMessage());
        }
        // Archived before the job can be claimed, so whichever node runs it finds the validated text.
        storage.factfiles().ifPresent(archive -> archive.put(jobId, text));
        List<String> stored = new ArrayList<>(request.factfileArgs());
        stored.addAll(config.serverArgs());
        JobEntry entry = JobEntry.queued(new JobRequest(jobId, request.jobName(), path, stored), config.nodeId());
        // Set before the job can be claimed; removed again if it was not accepted.
        request.timeout().ifPresent(t -> timeoutOverrides.put(jobId, t));
        EnqueueResult result;
        try {
            result = storage.queue().enqueue(entry, config.maxJobs());
        } catch (RuntimeException e) {
            request.timeout().ifPresent(t -> timeoutOverrides.remove(jobId, t));
            throw e;
        }
        if (!(result instanceof EnqueueResult.Enqueued)) {
            request.timeout().ifPresent(t -> timeoutOverrides.remove(jobId, t));
        }
        if (result instanceof EnqueueResult.Enqueued queued) {
            events.onEvent(new SchedulerEvent.JobQueued(queued.job().entry()));
            waiter.wake();
            return new SubmitResult.Accepted(jobId);
        }
        if (result instanceof EnqueueResult.QueueFull full) {
            return new SubmitResult.QueueFull(full.queued(), full.maxJobs());
        }
        return new SubmitResult.Duplicate(jobId);
    }

    private static boolean exists(String path) {
        try {
            return Files.exists(Path.of(path));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static SubmitResult invalid(String message) {
        return new SubmitResult.Invalid("Validation Error: " + message);
    }

    /** The job's stored entry (Factotum Server's {@code /check}). */
    public Optional<JobEntry> check(String jobId) {
        return storage.jobs().get(jobId).map(StoredJob::entry);
    }

    /** The entries in {@code state}, by job id, one page at a time. */
    public Page<JobEntry> list(JobState state, PageRequest page) {
        Page<StoredJob> stored = storage.jobs().list(state, page);
        return new Page<>(stored.items().stream().map(StoredJob::entry).toList(), stored.next());
    }

    /** The job's runs, oldest first. */
    public List<JobRun> runs(String jobId) {
        return storage.runs().runs(jobId);
    }

    /** How many jobs wait in the queue ({@code inQueue}). */
    public int queued() {
        return storage.queue().size();
    }

    /** How many jobs run on this node now. */
    public int running() {
        return active.size();
    }

    public SchedulerConfig config() {
        return config;
    }

    /**
     * Cancels a queued job (it becomes DONE / FAILED with a CANCELLED run and never runs) or stops a
     * running one (SIGTERM, grace period, SIGKILL; it ends DONE / FAILED with a CANCELLED run).
     */
    public CancelResult cancel(String jobId) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<ActiveJob> running = active.get(jobId);
            if (running.isPresent()) {
                running.get().stop(ActiveJob.Stop.CANCEL);
                return CancelResult.STOPPING;
            }
            Optional<StoredJob> stored = storage.jobs().get(jobId);
            if (stored.isEmpty()) {
                return CancelResult.NOT_FOUND;
            }
            JobEntry entry = stored.get().entry();
            if (entry.state() == JobState.DONE) {
                return CancelResult.NOT_ACTIVE;
            }
            if (entry.state() == JobState.WORKING) {
                if (active.get(jobId).isEmpty()) {
                    return CancelResult.RUNNING_ELSEWHERE;
                }
                continue;
            }
            try {
                StoredJob done = storage.jobs().update(stored.get(), entry.done(RunOutcome.CANCELLED, config.nodeId()));
                JobRun run = cancelledRun(jobId);
                storage.runs().save(run);
                // The queue keeps the job until a worker claims it, sees DONE and only acknowledges it.
                events.onEvent(new SchedulerEvent.JobFinished(done.entry(), run));
                return CancelResult.CANCELLED;
            } catch (VersionConflictException e) {
                // claimed meanwhile: look again
            }
        }
        return CancelResult.RUNNING_ELSEWHERE;
    }

    /** The run a queued job's cancellation ends: its pending (resumed) run, or a new empty one. */
    private JobRun cancelledRun(String jobId) {
        List<JobRun> runs = storage.runs().runs(jobId);
        JobRun last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        JobRun run = last != null && !last.isFinished() ? last
                : JobRun.started(jobId, References.newRunReference(), config.nodeId(), clock.instant());
        return run.finished(RunOutcome.CANCELLED, clock.instant());
    }

    /**
     * Queues a DONE job whose last run did not succeed (failed, cancelled or timed out) to continue
     * that run: tasks that SUCCEEDED or SUCCEEDED_NO_OP keep their results (and what a no-op pruned
     * stays pruned); the FAILED tasks, the tasks SKIPPED because of a failure and the tasks never
     * started run again. The general form of {@code --start}.
     */
    public ResumeResult resume(String jobId) {
        Optional<StoredJob> stored = storage.jobs().get(jobId);
        if (stored.isEmpty()) {
            return new ResumeResult.NotFound(jobId);
        }
        JobEntry entry = stored.get().entry();
        if (!entry.isDone()) {
            return new ResumeResult.NotResumable(jobId, "the job is " + entry.state());
        }
        List<JobRun> runs = storage.runs().runs(jobId);
        if (runs.isEmpty()) {
            return new ResumeResult.NotResumable(jobId, "the job has no run to resume");
        }
        JobRun last = runs.get(runs.size() - 1);
        if (last.outcome().isEmpty() || last.outcome().get() == RunOutcome.SUCCEEDED) {
            return new ResumeResult.NotResumable(jobId, "its last run " + last.outcome().map(o -> "SUCCEEDED")
                    .orElse("has not finished"));
        }
        List<TaskRun> kept = last.tasks().stream()
                .filter(t -> t.state() == TaskState.SUCCEEDED || t.state() == TaskState.SUCCEEDED_NO_OP).toList();
        // Stored before the job is queued, so the worker that claims it finds the run to continue.
        JobRun pending = JobRun.started(jobId, References.newRunReference(), config.nodeId(), clock.instant())
                .withTasks(kept);
        storage.runs().save(pending);
        EnqueueResult result = storage.queue().enqueue(JobEntry.queued(entry.jobRequest(), config.nodeId()),
                config.maxJobs());
        if (result instanceof EnqueueResult.Enqueued queued) {
            events.onEvent(new SchedulerEvent.JobQueued(queued.job().entry()));
            waiter.wake();
            return new ResumeResult.Resumed(jobId, pending.runReference());
        }
        // Not queued: close the pending run so that a later submission starts afresh.
        storage.runs().save(pending.finished(RunOutcome.CANCELLED, clock.instant()));
        if (result instanceof EnqueueResult.QueueFull full) {
            return new ResumeResult.QueueFull(full.queued(), full.maxJobs());
        }
        return new ResumeResult.NotResumable(jobId, "the job was queued again meanwhile");
    }

    private void publishLine(String jobId, String runReference, String taskName, OutputStreamKind stream, String line) {
        for (RunOutputListener listener : outputListeners) {
            try {
                listener.onLine(jobId, runReference, taskName, stream, line);
            } catch (RuntimeException e) {
                LOG.error("An output listener failed on job {}", jobId, e);
            }
        }
    }

    private void publish(SchedulerEvent event) {
        for (SchedulerListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.error("A scheduler listener failed on {}", event, e);
            }
        }
    }
}
