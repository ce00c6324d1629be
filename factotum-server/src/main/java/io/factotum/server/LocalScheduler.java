package io.factotum.server;

import io.factotum.engine.JobEvent;
import io.factotum.engine.JobListener;
import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import io.factotum.factfile.FactfileException;
import io.factotum.job.JobEntry;
import io.factotum.job.JobId;
import io.factotum.job.JobRequest;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.LastOutcome;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import io.factotum.scheduler.FactfileArgs;
import io.factotum.scheduler.FactfileArgsException;
import io.factotum.store.Claim;
import io.factotum.store.EnqueueResult;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
import io.factotum.store.StoreException;
import io.factotum.store.Storage;
import io.factotum.store.StoredJob;
import io.factotum.store.VersionConflictException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.factotum.webhook.References;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The server's job scheduler on one {@link Storage}: Factotum Server's worker-queue model (server
 * spec 6) made durable. Submissions are enqueued with the store's atomic check-and-set; one
 * dispatcher thread claims the head of the queue whenever one of the {@code maxWorkers} workers is
 * free, so the queue holds only waiting jobs, as {@code inQueue} expects; claims are renewed while
 * the job runs and acknowledged once DONE is written.
 *
 * <p>Shutdown rule ({@link #shutdown}): nothing new is claimed; running jobs get the grace period to
 * finish; jobs still running after it are stopped and left WORKING with their claim and their
 * partial run, and the next start on the same node id releases those claims and continues each job,
 * keeping the results of tasks that had finished.
 */
public final class LocalScheduler implements JobService {
    private static final Logger LOG = LogManager.getLogger(LocalScheduler.class);
    static final Duration LEASE = Duration.ofSeconds(30);
    /** Output kept per task stream, live and in the run history. */
    static final int MAX_OUTPUT_CHARS = 1_000_000;

    private final Storage storage;
    private final String nodeId;
    private final int maxJobs;
    private final Optional<Duration> jobTimeout;
    private final Clock clock;
    private final JobLauncher launcher;
    private final FactfileRoots roots;
    private final List<String> serverArgs;
    private final ServerMetrics metrics;

    private final Semaphore freeWorkers;
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("factotum-worker"));
    private final ScheduledExecutorService housekeeper =
            Executors.newSingleThreadScheduledExecutor(daemon("factotum-housekeeper"));
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    private final Map<String, Map<String, TaskSnapshot>> resumes = new ConcurrentHashMap<>();
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final Condition woken = wakeLock.newCondition();
    private boolean wakeRequested;
    private volatile boolean stopping;
    private Thread dispatcher;

    public LocalScheduler(Storage storage, String nodeId, int maxWorkers, int maxJobs, Optional<Duration> jobTimeout,
            Clock clock, JobLauncher launcher, FactfileRoots roots, List<String> serverArgs, ServerMetrics metrics) {
        this.storage = storage;
        this.nodeId = nodeId;
        this.maxJobs = maxJobs;
        this.jobTimeout = jobTimeout;
        this.clock = clock;
        this.launcher = launcher;
        this.roots = roots;
        this.serverArgs = List.copyOf(serverArgs);
        this.metrics = metrics;
        this.freeWorkers = new Semaphore(maxWorkers);
    }

    /** Hands back what an earlier run of this node left claimed, then starts dispatching. */
    @Override
    public synchronized void start() {
        List<Claim> mine = new ArrayList<>(storage.queue().claimsOf(nodeId));
        // newest first, so that the oldest ends up at the front of the queue again
        for (int i = mine.size() - 1; i >= 0; i--) {
            storage.queue().release(mine.get(i));
        }
        if (!mine.isEmpty()) {
            LOG.info("Handed back {} job(s) left running by this node's previous run", mine.size());
        }
        storage.nodes().heartbeat(nodeId, LEASE);
        launcher.start();
        long period = LEASE.toMillis() / 3;
        housekeeper.scheduleAtFixedRate(this::housekeeping, period, period, TimeUnit.MILLISECONDS);
        dispatcher = new Thread(this::dispatchLoop, "factotum-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    // ---------------------------------------------------------------------------------- submit

    @Override
    public SubmitResult submit(JobSubmission s) throws InterruptedException {
        if (s.jobName().isEmpty()) {
            return new SubmitResult.Invalid("No valid value found: field 'jobName' cannot be empty");
        }
        if (s.factfilePath().isEmpty()) {
            return new SubmitResult.Invalid("No valid value found: field 'factfilePath' cannot be empty");
        }
        if (!roots.allows(s.factfilePath())) {
            return new SubmitResult.Invalid("Value is outside every factfile root for 'factfilePath':'"
                    + s.factfilePath() + "'");
        }
        Path path = Path.of(s.factfilePath());
        if (!Files.exists(path)) {
            return new SubmitResult.Invalid("Value does not exist on host for 'factfilePath':'" + s.factfilePath() + "'");
        }
        Optional<String> refused = launcher.validate(s.factfilePath(), s.factfileArgs());
        if (refused.isPresent()) {
            return new SubmitResult.Invalid(refused.get());
        }
        FactfileArgs args;
        try {
            args = FactfileArgs.parse(s.factfileArgs());
        } catch (FactfileArgsException e) {
            return new SubmitResult.Invalid("Error parsing tags in factfile args: " + e.getMessage());
        }
        String jobId;
        try {
            jobId = JobId.compute(readFactfile(path, s.factfilePath()), args.tags());
        } catch (FactfileException e) {
            return new SubmitResult.Invalid(e.getMessage());
        }
        List<String> allArgs = new ArrayList<>(s.factfileArgs());
        allArgs.addAll(serverArgs);
        JobRequest request = new JobRequest(jobId, s.jobName(), s.factfilePath(), allArgs);
        EnqueueResult result = storage.queue().enqueue(JobEntry.queued(request, nodeId), maxJobs);
        if (result instanceof EnqueueResult.Duplicate) {
            return new SubmitResult.Duplicate(jobId);
        }
        if (result instanceof EnqueueResult.QueueFull full) {
            return new SubmitResult.QueueFull(full.queued(), full.maxJobs());
        }
        metrics.jobAccepted();
        wake();
        return new SubmitResult.Accepted(jobId);
    }

    private static String readFactfile(Path path, String shown) throws FactfileException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new FactfileException("Could not open '" + shown + "' for reading: " + ioText(e));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FactfileException("Could not read '" + shown + "': stream did not contain valid UTF-8");
        }
    }

    private static String ioText(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied (os error 13)";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory (os error 2)";
        }
        if (e.getMessage() != null && e.getMessage().contains("Is a directory")) {
            return "Is a directory (os error 21)";
        }
        return String.valueOf(e.getMessage());
    }

    // ---------------------------------------------------------------------------------- queries

    @Override
    public Optional<JobEntry> check(String jobId) {
        return storage.jobs().get(jobId).map(StoredJob::entry);
    }

    @Override
    public Page<JobEntry> list(Optional<JobState> state, PageRequest page) {
        return listAll(state, page, (s, p) -> {
            Page<StoredJob> stored = storage.jobs().list(s, p);
            return new Page<>(stored.items().stream().map(StoredJob::entry).toList(), stored.next());
        });
    }

    /**
     * One state's page, or for every state the per-state pages (each in job id order) merged.
     */
    static Page<JobEntry> listAll(Optional<JobState> state, PageRequest page,
            java.util.function.BiFunction<JobState, PageRequest, Page<JobEntry>> byState) {
        if (state.isPresent()) {
            return byState.apply(state.get(), page);
        }
        List<JobEntry> merged = new ArrayList<>();
        for (JobState s : JobState.values()) {
            merged.addAll(byState.apply(s, page).items());
        }
        merged.sort(Comparator.comparing(JobEntry::jobId, io.factotum.json.CodePointOrder.INSTANCE));
        if (merged.size() <= page.limit()) {
            return new Page<>(merged, Optional.empty());
        }
        List<JobEntry> items = merged.subList(0, page.limit());
        return new Page<>(items, Optional.of(PageRequest.after(items.get(items.size() - 1).jobId(), page.limit())));
    }

    @Override
    public List<JobRun> runs(String jobId) {
        ActiveRun run = active.get(jobId);
        List<JobRun> stored = storage.runs().runs(jobId);
        if (run == null) {
            return stored;
        }
        // the running run as of now, fresher than its last save
        List<JobRun> all = new ArrayList<>();
        for (JobRun r : stored) {
            all.add(r.runReference().equals(run.runReference) ? run.current() : r);
        }
        return all;
    }

    @Override
    public Optional<TaskOutput> output(String jobId, String runReference, String taskName) {
        ActiveRun run = active.get(jobId);
        if (run != null && run.runReference.equals(runReference)) {
            Optional<TaskOutput> live = run.output(taskName);
            if (live.isPresent()) {
                return live;
            }
        }
        return storage.runs().get(jobId, runReference).flatMap(r -> r.tasks().stream()
                .filter(t -> t.taskName().equals(taskName)).findFirst()
                .map(t -> new TaskOutput(jobId, runReference, taskName, t.state().name(), false,
                        t.stdout().orElse(""), t.stderr().orElse(""))));
    }

    @Override
    public int queueDepth() {
        return storage.queue().size();
    }

    @Override
    public int busyWorkers() {
        return active.size();
    }

    @Override
    public void checkStore() {
        storage.queue().size();
    }

    // ---------------------------------------------------------------------------------- actions

    @Override
    public ActionResult cancel(String jobId) {
        while (true) {
            Optional<StoredJob> stored = storage.jobs().get(jobId);
            if (stored.isEmpty()) {
                return ActionResult.NOT_FOUND;
            }
            ActiveRun run = active.get(jobId);
            if (run != null) {
                run.cancel();
                return ActionResult.DONE;
            }
            JobEntry entry = stored.get().entry();
            if (entry.state() != JobState.QUEUED) {
                return ActionResult.CONFLICT;
            }
            try {
                storage.jobs().update(stored.get(), entry.transitionTo(JobState.DONE, LastOutcome.FAILED, nodeId));
            } catch (VersionConflictException e) {
                continue; // claimed or changed meanwhile: look again
            }
            Instant now = clock.instant();
            storage.runs().save(JobRun.started(jobId, References.newRunReference(), nodeId, now)
                    .finished(RunOutcome.CANCELLED, now));
            metrics.jobFinished(RunOutcome.CANCELLED, Duration.ZERO);
            return ActionResult.DONE;
        }
    }

    @Override
    public ActionResult resume(String jobId) {
        Optional<StoredJob> stored = storage.jobs().get(jobId);
        if (stored.isEmpty()) {
            return ActionResult.NOT_FOUND;
        }
        List<JobRun> history = storage.runs().runs(jobId);
        if (!stored.get().entry().isDone()
                || stored.get().entry().lastOutcome() == LastOutcome.SUCCEEDED) {
            return ActionResult.CONFLICT;
        }
        Map<String, TaskSnapshot> prior = history.isEmpty() ? Map.of()
                : priorResults(history.get(history.size() - 1));
        resumes.put(jobId, prior);
        EnqueueResult result = storage.queue().enqueue(
                JobEntry.queued(stored.get().entry().jobRequest(), nodeId), maxJobs);
        if (result instanceof EnqueueResult.Enqueued) {
            wake();
            return ActionResult.DONE;
        }
        resumes.remove(jobId);
        return result instanceof EnqueueResult.QueueFull ? ActionResult.QUEUE_FULL : ActionResult.CONFLICT;
    }

    /** Task results of a run to keep when it is resumed or continued: the successes. */
    private static Map<String, TaskSnapshot> priorResults(JobRun run) {
        Map<String, TaskSnapshot> prior = new HashMap<>();
        for (TaskRun t : run.tasks()) {
            boolean kept = t.state() == TaskState.SUCCEEDED || t.state() == TaskState.SUCCEEDED_NO_OP;
            if (kept && t.returnCode().isPresent()) {
                TaskResult result = new TaskResult(t.returnCode().get(), t.stdout(), t.stderr(),
                        t.duration().orElse(Duration.ZERO), Optional.empty());
                prior.put(t.taskName(), new TaskSnapshot(t.taskName(), t.state(), t.errorMessage(), t.started(),
                        Optional.of(result), Optional.empty(), Optional.empty()));
            }
        }
        return prior;
    }

    // ---------------------------------------------------------------------------------- dispatch

    private void wake() {
        wakeLock.lock();
        try {
            wakeRequested = true;
            woken.signalAll();
        } finally {
            wakeLock.unlock();
        }
    }

    private void dispatchLoop() {
        try {
            while (!stopping) {
                freeWorkers.acquire();
                Optional<Claim> claim = Optional.empty();
                try {
                    if (!stopping) {
                        claim = storage.queue().claimNext(nodeId, LEASE);
                    }
                } catch (StoreException e) {
                    LOG.warn("Could not claim a job: {}", e.getMessage());
                }
                if (claim.isEmpty()) {
                    freeWorkers.release();
                    awaitWake();
                    continue;
                }
                Claim claimed = claim.get();
                workers.execute(() -> {
                    try {
                        runClaimed(claimed);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        LOG.error("Job {} could not be run", claimed.jobId(), e);
                    } finally {
                        freeWorkers.release();
                        wake();
                    }
                });
            }
        } catch (InterruptedException e) {
            // shutdown
        }
    }

    // Other nodes and released claims are noticed by polling once a second; local submissions wake at once.
    private void awaitWake() throws InterruptedException {
        wakeLock.lock();
        try {
            if (!wakeRequested) {
                woken.await(1, TimeUnit.SECONDS);
            }
            wakeRequested = false;
        } finally {
            wakeLock.unlock();
        }
    }

    private void runClaimed(Claim claim) throws InterruptedException {
        String jobId = claim.jobId();
        Optional<StoredJob> stored = storage.jobs().get(jobId);
        if (stored.isEmpty() || stored.get().entry().isDone()) {
            storage.queue().ack(claim); // cancelled while queued
            resumes.remove(jobId);
            return;
        }
        JobEntry entry = stored.get().entry();
        Map<String, TaskSnapshot> prior = resumes.remove(jobId);
        JobRun record = JobRun.started(jobId, References.newRunReference(), nodeId, clock.instant());
        if (prior == null) {
            prior = Map.of();
            if (entry.state() == JobState.WORKING) { // left running by a stopped node: continue its run
                List<JobRun> history = storage.runs().runs(jobId);
                if (!history.isEmpty() && !history.get(history.size() - 1).isFinished()) {
                    JobRun interrupted = history.get(history.size() - 1);
                    // same run, same start; tasks stopped by the shutdown ended FAILED: only successes are kept
                    prior = priorResults(interrupted);
                    record = JobRun.started(jobId, interrupted.runReference(), nodeId, interrupted.startedAt());
                }
            }
        }
        ActiveRun run = new ActiveRun(jobId, claim, record);
        active.put(jobId, run);
        try {
            try {
                storage.jobs().update(stored.get(), entry.working(nodeId));
            } catch (VersionConflictException e) {
                // cancelled between the claim and now
                storage.queue().ack(claim);
                return;
            }
            storage.runs().save(run.current());
            run.launchAndAwait(entry.jobRequest(), prior);
        } finally {
            active.remove(jobId);
        }
    }

    private void finish(ActiveRun run, RunOutcome outcome) {
        Instant now = clock.instant();
        JobRun finished = run.current().finished(outcome, now);
        storage.runs().save(finished);
        for (TaskRun t : finished.tasks()) {
            if (t.state().isFinished()) {
                metrics.taskFinished(t.state(), t.duration().orElse(null));
            }
        }
        metrics.jobFinished(outcome, Duration.between(finished.startedAt(), now));
        while (true) {
            StoredJob current = storage.jobs().get(run.jobId).orElseThrow();
            if (current.entry().isDone()) {
                break;
            }
            try {
                storage.jobs().update(current, current.entry().done(outcome, nodeId));
                break;
            } catch (VersionConflictException e) {
                // re-read and retry
            }
        }
        storage.queue().ack(run.claim);
        if (outcome == RunOutcome.SUCCEEDED) {
            LOG.info("COMPLETED JOB REQ  jobId:[{}]", run.jobId);
        } else {
            LOG.error("FAILED JOB REQ jobId:[{}]", run.jobId);
        }
    }

    private void housekeeping() {
        try {
            storage.nodes().heartbeat(nodeId, LEASE);
            for (ActiveRun run : active.values()) {
                Optional<Claim> renewed = storage.queue().renew(run.claim, LEASE);
                if (renewed.isPresent()) {
                    run.claim = renewed.get();
                } else {
                    LOG.warn("Lost the claim on job {}", run.jobId);
                }
            }
            for (Claim expired : storage.queue().expiredClaims()) {
                if (!active.containsKey(expired.jobId())) {
                    storage.queue().release(expired);
                    wake();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping failed: {}", e.getMessage());
        }
    }

    /**
     * Stops dispatching and waits up to {@code grace} for running jobs; then stops those still
     * running and leaves them resumable (see the class comment). Idempotent.
     */
    @Override
    public void shutdown(Duration grace) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} job(s) still running after the grace period: stopping them, they stay resumable",
                        active.size());
                active.values().forEach(ActiveRun::abandon);
                workers.awaitTermination(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        housekeeper.shutdownNow();
        launcher.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A job running on this node. */
    private final class ActiveRun implements JobListener {
        final String jobId;
        final String runReference;
        volatile Claim claim;
        private final Object lock = new Object();
        private JobRun run;
        private final Map<String, StringBuilder[]> live = new HashMap<>();
        private JobLauncher.Launch launch;
        private boolean cancelled;
        private boolean timedOut;
        private boolean abandoned;

        ActiveRun(String jobId, Claim claim, JobRun run) {
            this.jobId = jobId;
            this.runReference = run.runReference();
            this.claim = claim;
            this.run = run;
        }

        JobRun current() {
            synchronized (lock) {
                return run;
            }
        }

        void launchAndAwait(JobRequest request, Map<String, TaskSnapshot> prior) throws InterruptedException {
            JobLauncher.Launch started;
            try {
                started = launcher.start(request, runReference, run.startedAt(), prior, this);
            } catch (JobLauncher.LaunchException e) {
                LOG.error("Job {} could not be started: {}", jobId, e.getMessage());
                finish(this, RunOutcome.FAILED);
                return;
            }
            synchronized (lock) {
                launch = started;
                if (cancelled || abandoned) {
                    started.stop();
                }
            }
            Optional<java.util.concurrent.ScheduledFuture<?>> timeout = jobTimeout.map(d ->
                    housekeeper.schedule(this::timeOut, d.toMillis(), TimeUnit.MILLISECONDS));
            boolean succeeded = started.await();
            timeout.ifPresent(f -> f.cancel(false));
            RunOutcome outcome;
            synchronized (lock) {
                if (abandoned) {
                    storage.runs().save(run); // unfinished: continued by the next start
                    return;
                }
                outcome = cancelled ? RunOutcome.CANCELLED : timedOut ? RunOutcome.TIMED_OUT
                        : succeeded ? RunOutcome.SUCCEEDED : RunOutcome.FAILED;
            }
            finish(this, outcome);
        }

        void cancel() {
            stopWith(() -> cancelled = true);
        }

        void timeOut() {
            stopWith(() -> timedOut = true);
        }

        void abandon() {
            stopWith(() -> abandoned = true);
        }

        private void stopWith(Runnable mark) {
            JobLauncher.Launch toStop;
            synchronized (lock) {
                if (cancelled || timedOut || abandoned) {
                    return;
                }
                mark.run();
                toStop = launch;
            }
            if (toStop != null) {
                toStop.stop();
            }
        }

        @Override
        public void onEvent(JobEvent event) {
            JobRun updated;
            synchronized (lock) {
                List<TaskRun> tasks = event.tasks().stream().map(t -> TaskRun.from(t, MAX_OUTPUT_CHARS)).toList();
                run = run.withTasks(tasks);
                updated = run;
            }
            try {
                storage.runs().save(updated);
            } catch (StoreException e) {
                LOG.warn("Could not save the run of job {}: {}", jobId, e.getMessage());
            }
        }

        @Override
        public void onLine(String taskName, OutputStreamKind stream, String line) {
            synchronized (lock) {
                StringBuilder[] buffers = live.computeIfAbsent(taskName,
                        t -> new StringBuilder[] {new StringBuilder(), new StringBuilder()});
                StringBuilder b = buffers[stream == OutputStreamKind.STDOUT ? 0 : 1];
                if (b.length() > 0) {
                    b.append('\n');
                }
                b.append(line);
                if (b.length() > 2 * MAX_OUTPUT_CHARS) {
                    b.delete(0, b.length() - MAX_OUTPUT_CHARS);
                }
            }
        }

        Optional<TaskOutput> output(String taskName) {
            synchronized (lock) {
                Optional<TaskRun> task = run.tasks().stream().filter(t -> t.taskName().equals(taskName)).findFirst();
                StringBuilder[] buffers = live.get(taskName);
                if (task.isEmpty() && buffers == null) {
                    return Optional.empty();
                }
                String state = task.map(t -> t.state().name()).orElse(TaskState.RUNNING.name());
                boolean running = task.map(t -> !t.state().isFinished()).orElse(true);
                String stdout = task.flatMap(TaskRun::stdout)
                        .orElse(buffers == null ? "" : TaskRun.tail(buffers[0].toString(), MAX_OUTPUT_CHARS));
                String stderr = task.flatMap(TaskRun::stderr)
                        .orElse(buffers == null ? "" : TaskRun.tail(buffers[1].toString(), MAX_OUTPUT_CHARS));
                return Optional.of(new TaskOutput(jobId, runReference, taskName, state, running, stdout, stderr));
            }
        }
    }
}
