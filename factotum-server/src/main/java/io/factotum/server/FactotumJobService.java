package io.factotum.server;

import io.factotum.Factotum;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.TaskRun;
import io.factotum.scheduler.CancelResult;
import io.factotum.scheduler.ResumeResult;
import io.factotum.scheduler.SchedulerEvent;
import io.factotum.scheduler.SubmitRequest;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
import io.factotum.store.Storage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The API on the scheduler library ({@link Factotum}). What the library does not offer yet is
 * degraded here: a running task's output is only available once the task has finished (its
 * {@code running} answer then has empty text), and shutdown stops running jobs at once (they are
 * continued at the next start) instead of granting a grace period.
 */
public final class FactotumJobService implements JobService {
    private static final String VALIDATION = "Validation Error: ";
    private static final String DRY_RUN_PREFIX = "Failed to execute command: [factotum run ";

    private final Factotum factotum;
    private final Storage storage;
    private final FactfileRoots roots;
    private final Optional<Path> factotumBin;
    private final ServerMetrics metrics;

    /**
     * @param factotumBin the external binary when the library runs jobs through it: its path then
     *     replaces {@code factotum} in dry-run messages, as the original prints them
     */
    public FactotumJobService(Factotum factotum, Storage storage, FactfileRoots roots, Optional<Path> factotumBin,
            ServerMetrics metrics) {
        this.factotum = factotum;
        this.storage = storage;
        this.roots = roots;
        this.factotumBin = factotumBin;
        this.metrics = metrics;
        factotum.addListener(this::record);
    }

    @Override
    public void start() {
        factotum.start();
    }

    @Override
    public void shutdown(Duration grace) {
        factotum.stop();
    }

    @Override
    public SubmitResult submit(JobSubmission s) {
        // The roots check goes where the original checks the path, before the library's own checks.
        if (!s.jobName().isEmpty() && !s.factfilePath().isEmpty() && !roots.allows(s.factfilePath())) {
            return new SubmitResult.Invalid("Value is outside every factfile root for 'factfilePath':'"
                    + s.factfilePath() + "'");
        }
        io.factotum.scheduler.SubmitResult result = factotum.submit(
                new SubmitRequest(s.jobName(), s.factfilePath(), s.factfileArgs(), Optional.empty()));
        if (result instanceof io.factotum.scheduler.SubmitResult.Accepted a) {
            metrics.jobAccepted();
            return new SubmitResult.Accepted(a.jobId());
        }
        if (result instanceof io.factotum.scheduler.SubmitResult.Duplicate d) {
            return new SubmitResult.Duplicate(d.jobId());
        }
        if (result instanceof io.factotum.scheduler.SubmitResult.QueueFull q) {
            return new SubmitResult.QueueFull(q.queued(), q.maxJobs());
        }
        String message = result.message();
        message = message.startsWith(VALIDATION) ? message.substring(VALIDATION.length()) : message;
        if (factotumBin.isPresent() && message.startsWith(DRY_RUN_PREFIX)) {
            message = "Failed to execute command: [" + factotumBin.get() + " run "
                    + message.substring(DRY_RUN_PREFIX.length());
        }
        return new SubmitResult.Invalid(message);
    }

    @Override
    public Optional<JobEntry> check(String jobId) {
        return factotum.check(jobId);
    }

    @Override
    public Page<JobEntry> list(Optional<JobState> state, PageRequest page) {
        return LocalScheduler.listAll(state, page, factotum::list);
    }

    @Override
    public List<JobRun> runs(String jobId) {
        return factotum.runs(jobId);
    }

    @Override
    public Optional<TaskOutput> output(String jobId, String runReference, String taskName) {
        return factotum.runs(jobId).stream().filter(r -> r.runReference().equals(runReference)).findFirst()
                .flatMap(run -> run.tasks().stream().filter(t -> t.taskName().equals(taskName)).findFirst()
                        .map(t -> new TaskOutput(jobId, runReference, taskName, t.state().name(),
                                !t.state().isFinished() && !run.isFinished(),
                                t.stdout().orElse(""), t.stderr().orElse(""))));
    }

    @Override
    public ActionResult cancel(String jobId) {
        CancelResult result = factotum.cancel(jobId);
        return switch (result) {
            case CANCELLED, STOPPING -> ActionResult.DONE;
            case NOT_FOUND -> ActionResult.NOT_FOUND;
            case NOT_ACTIVE, RUNNING_ELSEWHERE -> ActionResult.CONFLICT;
        };
    }

    @Override
    public ActionResult resume(String jobId) {
        ResumeResult result = factotum.resume(jobId);
        if (result instanceof ResumeResult.Resumed) {
            return ActionResult.DONE;
        }
        if (result instanceof ResumeResult.NotFound) {
            return ActionResult.NOT_FOUND;
        }
        return result instanceof ResumeResult.QueueFull ? ActionResult.QUEUE_FULL : ActionResult.CONFLICT;
    }

    @Override
    public int queueDepth() {
        return factotum.queued();
    }

    @Override
    public int busyWorkers() {
        return factotum.running();
    }

    @Override
    public void checkStore() {
        storage.queue().size();
    }

    private void record(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.JobFinished finished) {
            JobRun run = finished.run();
            run.outcome().ifPresent(o -> metrics.jobFinished(o,
                    Duration.between(run.startedAt(), run.finishedAt().orElse(run.startedAt()))));
            for (TaskRun t : run.tasks()) {
                if (t.state().isFinished()) {
                    metrics.taskFinished(t.state(), t.duration().orElse(null));
                }
            }
        }
    }
}
