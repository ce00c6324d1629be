package io.factotum.scheduler;

import io.factotum.engine.JobExecution;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import io.factotum.store.Claim;
import io.factotum.store.StoreException;
import io.factotum.store.Storage;
import io.factotum.store.StoredJob;
import io.factotum.store.VersionConflictException;
import io.factotum.webhook.References;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs one claimed job to its end: WORKING, the run (new, or the job's unfinished run continued),
 * DONE, ack (in that order: a crash after DONE leaves a claim that recovery only acknowledges).
 *
 * <p><b>Continuing a run.</b> If the job's latest run has no outcome, it was interrupted (the node
 * died or stopped) or it is a resume: it is continued under the same run reference. Its tasks that
 * finished ({@code SUCCEEDED}, {@code SUCCEEDED_NO_OP}, {@code FAILED}) keep their results and are
 * not run again; every other task runs. A task that was running when the node died is therefore run
 * again: delivery is <em>at-least-once</em> for the task that was interrupted (and for a task that
 * ended in the instant between its process exiting and its result being stored), exactly-once for
 * every task whose end was stored.
 */
final class JobWorker {
    private static final Logger LOG = LogManager.getLogger(JobWorker.class);
    private static final int CONFLICT_RETRIES = 5;
    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration MAX_RETRY = Duration.ofSeconds(2);

    private final Storage storage;
    private final JobRunner runner;
    private final Clock clock;
    private final SchedulerConfig config;
    private final ActiveJobs active;
    private final JobTimeouts timeouts;
    private final Function<String, Optional<Duration>> timeoutOf;
    private final SchedulerListener events;
    private final RunOutputListener output;

    JobWorker(Storage storage, JobRunner runner, Clock clock, SchedulerConfig config, ActiveJobs active,
            JobTimeouts timeouts, Function<String, Optional<Duration>> timeoutOf, SchedulerListener events,
            RunOutputListener output) {
        this.output = output;
        this.storage = storage;
        this.runner = runner;
        this.clock = clock;
        this.config = config;
        this.active = active;
        this.timeouts = timeouts;
        this.timeoutOf = timeoutOf;
        this.events = events;
    }

    void run(Claim claim) {
        ActiveJob job = new ActiveJob(claim);
        switch (active.register(job)) {
            case CLOSED -> {
                storage.queue().release(claim); // stopping: hand it back for later
                return;
            }
            case ALREADY_ACTIVE -> {
                handleSecondSlot(claim);
                return;
            }
            case REGISTERED -> {
                // run it
            }
        }
        Optional<SchedulerEvent> finished = Optional.empty();
        try {
            finished = runClaimed(job);
        } catch (StoreException | VersionConflictException e) {
            // The claim is left to lapse (or to the restart); once the store takes writes again the
            // housekeeper hands the job back to the queue and it is continued.
            LOG.error("Job {} stopped: the store failed: {}", claim.jobId(), e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Job {} stopped by an unexpected error", claim.jobId(), e);
        } finally {
            active.remove(job);
        }
        // Reported once the job is no longer active here, so that a listener may resume or
        // resubmit it at once.
        finished.ifPresent(events::onEvent);
    }

    /**
     * A claim on a job that runs here already. A job cancelled while queued keeps its queue slot
     * until claimed; submitted again meanwhile, it has two: while the entry is WORKING (or DONE) the
     * second slot is stale and dropped. A QUEUED entry means the job was queued anew in the instant
     * its previous run here was ending: the claim goes back to the head of the queue.
     */
    private void handleSecondSlot(Claim claim) {
        boolean queuedAnew = storage.jobs().get(claim.jobId())
                .map(stored -> stored.entry().state() == JobState.QUEUED).orElse(false);
        if (queuedAnew) {
            storage.queue().release(claim);
            Thread.yield(); // the ending run unregisters within moments
        } else {
            storage.queue().ack(claim);
        }
    }

    /** @return the JobFinished event to publish, if the job finished here */
    private Optional<SchedulerEvent> runClaimed(ActiveJob job) throws InterruptedException {
        Optional<StoredJob> working;
        JobRun run;
        try {
            Optional<Started> started = start(job);
            if (started.isEmpty()) {
                storage.queue().ack(job.letGo());
                return Optional.empty();
            }
            working = Optional.of(started.get().job());
            run = started.get().run();
        } catch (StoreException e) {
            // Nothing ran yet. Hand the job back now rather than leave it WORKING until its lease
            // lapses: once the store takes writes it is claimed again and continued.
            LOG.error("Job {} could not be started: the store failed ({}); it goes back to the queue once the"
                    + " store takes writes", job.jobId(), e.getMessage());
            persist(job, "its return to the queue", () -> storage.queue().release(job.letGo()));
            return Optional.empty();
        }
        JobEntry entry = working.get().entry();
        events.onEvent(new SchedulerEvent.JobStarted(entry, run));

        RunRecorder recorder = new RunRecorder(storage.runs(), run, config.maxStoredOutput(), events, output,
                () -> job.stopReason().filter(s -> s == ActiveJob.Stop.NODE_STOPPING || s == ActiveJob.Stop.CLAIM_LOST)
                        .isPresent());
        Optional<JobOutcome> outcome = execute(job, entry, run, recorder);
        ActiveJob.Stop stop = job.stopReason().orElse(null);

        if (stop == ActiveJob.Stop.CLAIM_LOST) {
            LOG.warn("Job {} lost its claim; the node that takes it over continues the run", entry.jobId());
            return Optional.empty();
        }
        if (stop == ActiveJob.Stop.NODE_STOPPING) {
            // The run stays unfinished as last recorded before the stop: what was running then runs
            // again when the job continues.
            writeEntry(working.get(), current -> current.requeued(config.nodeId()));
            storage.queue().release(job.letGo());
            LOG.info("Job {} handed back to the queue: the node is stopping", entry.jobId());
            return Optional.empty();
        }
        outcome.ifPresent(o -> recorder.withTasks(o.tasks()));
        RunOutcome how;
        if (stop == ActiveJob.Stop.CANCEL) {
            how = RunOutcome.CANCELLED;
        } else if (stop == ActiveJob.Stop.TIMEOUT) {
            how = RunOutcome.TIMED_OUT;
        } else if (outcome.isEmpty() || outcome.get().hasErrors()) {
            how = RunOutcome.FAILED;
        } else {
            how = RunOutcome.SUCCEEDED;
        }
        JobRun finished = recorder.current().finished(how, clock.instant());
        // The run has ended: its result must reach the store, or the job would stay WORKING with
        // nothing running it (or run again). A full disk recovers, so wait for the store.
        Claim claim = job.letGo();
        StoredJob done = persist(job, "its end", () -> finish(working.get(), finished, how, claim));
        if (how == RunOutcome.SUCCEEDED) {
            LOG.info("COMPLETED JOB REQ  jobId:[{}]", entry.jobId());
        } else if (how == RunOutcome.CANCELLED) {
            // Someone asked for it: nothing went wrong, so not an ERROR (issue 7 item 14).
            LOG.info("CANCELLED JOB REQ jobId:[{}]", entry.jobId());
        } else {
            LOG.error("FAILED JOB REQ jobId:[{}] ({})", entry.jobId(), how);
        }
        return Optional.of(new SchedulerEvent.JobFinished(done.entry(), finished));
    }

    /**
     * Runs a store step again until the store takes it (a full disk recovers), backing off from
     * {@link #FIRST_RETRY} to {@link #MAX_RETRY}. Gives up only when the node stops: the claim then
     * stays in the store and the next start hands the job back to the queue.
     */
    private <T> T persist(ActiveJob job, String what, Supplier<T> step) throws InterruptedException {
        Duration delay = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = step.get();
                if (attempt > 1) {
                    LOG.warn("Job {}: stored {} after {} attempts", job.jobId(), what, attempt);
                }
                return result;
            } catch (StoreException e) {
                if (job.stopReason().filter(s -> s == ActiveJob.Stop.NODE_STOPPING).isPresent()) {
                    throw e;
                }
                if (attempt == 1) {
                    LOG.error("Job {}: cannot store {} ({}); retrying until the store takes it", job.jobId(), what,
                            e.getMessage());
                }
                Thread.sleep(delay.toMillis());
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
            }
        }
    }

    /** Runs the job unless it was stopped before it could start; empty if it did not run. */
    private Optional<JobOutcome> execute(ActiveJob job, JobEntry entry, JobRun run, RunRecorder recorder)
            throws InterruptedException {
        if (job.stopReason().isPresent()) {
            return Optional.empty();
        }
        JobExecution execution;
        try {
            // A clustered store hands over the exact text validated at submit time (this host may lack the file).
            Optional<String> text = storage.factfiles().flatMap(archive -> archive.get(entry.jobId()));
            execution = runner.start(new RunRequest(entry.jobRequest(), run.runReference(), run.startedAt(),
                    priorResults(run), recorder, text));
        } catch (InvalidJobException e) {
            LOG.error("Job {} cannot run: {}", entry.jobId(), e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // Would fail the same way on every retry: the job fails instead of coming back forever.
            LOG.error("Job {} could not be started", entry.jobId(), e);
            return Optional.empty();
        }
        Optional<ScheduledFuture<?>> timer = timeoutOf.apply(entry.jobId()).or(config::jobTimeout)
                .map(timeout -> timeouts.schedule(job, timeout));
        job.attach(execution);
        try {
            return Optional.of(execution.await());
        } catch (InterruptedException e) {
            execution.requestShutdown();
            throw e;
        } finally {
            timer.ifPresent(t -> t.cancel(false));
        }
    }

    /** The job's entry as started and its run. */
    private record Started(StoredJob job, JobRun run) { }

    /**
     * QUEUED (or WORKING, taken over) → WORKING / RUNNING, with the run opened (new, or the
     * unfinished one continued) in the same store step; empty if the job is DONE or gone.
     */
    private Optional<Started> start(ActiveJob job) {
        String jobId = job.jobId();
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            Optional<StoredJob> stored = storage.jobs().get(jobId);
            if (stored.isEmpty() || stored.get().entry().isDone()) {
                return Optional.empty();
            }
            JobRun run = openRun(jobId);
            try {
                return Optional.of(new Started(
                        storage.startRun(stored.get(), stored.get().entry().working(config.nodeId()), run), run));
            } catch (VersionConflictException e) {
                // cancelled or changed meanwhile: read again
            }
        }
        throw new StoreException("Job " + jobId + " kept changing while it was being started");
    }

    /**
     * Stores the run's end, the DONE entry and the acknowledgement, in one store step where the job
     * did not change meanwhile; else one by one, re-reading the entry.
     */
    private StoredJob finish(StoredJob working, JobRun finished, RunOutcome how, Claim claim) {
        try {
            return storage.finishRun(finished, working, working.entry().done(how, config.nodeId()), claim);
        } catch (VersionConflictException e) {
            storage.runs().save(finished);
            StoredJob done = writeEntry(working, current -> current.done(how, config.nodeId()));
            storage.queue().ack(claim);
            return done;
        }
    }

    /** Writes the entry's next state, re-reading after a conflict unless it is DONE already. */
    private StoredJob writeEntry(StoredJob current, Function<JobEntry, JobEntry> next) {
        StoredJob read = current;
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            try {
                return storage.jobs().update(read, next.apply(read.entry()));
            } catch (VersionConflictException e) {
                read = storage.jobs().get(current.jobId()).orElseThrow(() -> e);
                if (read.entry().isDone()) {
                    return read;
                }
            }
        }
        throw new StoreException("Job " + current.jobId() + " kept changing while it was being finished");
    }

    /** The job's unfinished run, continued on this node, or a new run. */
    private JobRun openRun(String jobId) {
        List<JobRun> runs = storage.runs().runs(jobId);
        if (!runs.isEmpty()) {
            JobRun last = runs.get(runs.size() - 1);
            if (!last.isFinished()) {
                LOG.info("Job {}: continuing run {}", jobId, last.runReference());
                return new JobRun(jobId, last.runReference(), config.nodeId(), last.startedAt(), Optional.empty(),
                        Optional.empty(), last.tasks());
            }
        }
        return JobRun.started(jobId, References.newRunReference(), config.nodeId(), clock.instant());
    }

    /** The stored task records as the engine's snapshots (the engine keeps only the finished ones). */
    static Map<String, TaskSnapshot> priorResults(JobRun run) {
        Map<String, TaskSnapshot> prior = new HashMap<>();
        for (TaskRun task : run.tasks()) {
            // TaskResult.failedToRun's code is -1; its message is the execution error.
            Optional<TaskResult> result = task.returnCode().map(code -> new TaskResult(code, task.stdout(),
                    task.stderr(), task.duration().orElse(Duration.ZERO),
                    code == -1 ? task.errorMessage() : Optional.empty()));
            prior.put(task.taskName(), new TaskSnapshot(task.taskName(), task.state(), task.errorMessage(),
                    task.started(), result, Optional.empty(), Optional.empty()));
        }
        return prior;
    }
}
