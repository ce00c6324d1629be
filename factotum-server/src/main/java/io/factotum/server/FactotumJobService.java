package io.factotum.server;

import io.factotum.Factotum;
import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.TaskState;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.TaskRun;
import io.factotum.json.CodePointOrder;
import io.factotum.scheduler.CancelResult;
import io.factotum.factfile.EnvParser;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.FactfileException;
import io.factotum.factfile.FactfileParser;
import io.factotum.factfile.Variables;
import io.factotum.scheduler.FactfileArgs;
import io.factotum.scheduler.FactfileArgsException;
import io.factotum.scheduler.ResumeResult;
import io.factotum.scheduler.RunOutputListener;
import io.factotum.scheduler.SchedulerEvent;
import io.factotum.scheduler.SchedulerListener;
import io.factotum.scheduler.SubmitRequest;
import io.factotum.store.Page;
import io.factotum.store.PageRequest;
import io.factotum.store.Storage;
import io.factotum.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API on the scheduler library ({@link Factotum}). Adds what is the server's own: the factfile
 * roots check, the live output of running tasks (kept in memory from the library's output lines,
 * bounded per task stream, dropped when the job finishes) and the metrics.
 */
public final class FactotumJobService implements JobService {
    private static final String VALIDATION = "Validation Error: ";
    /** Output kept per running task stream. */
    static final int MAX_LIVE_CHARS = 1_000_000;

    private final Factotum factotum;
    private final Storage storage;
    private final FactfileRoots roots;
    private final ServerMetrics metrics;
    /** Running jobs' output so far, by job id. */
    private final Map<String, LiveRun> live = new ConcurrentHashMap<>();

    public FactotumJobService(Factotum factotum, Storage storage, FactfileRoots roots, ServerMetrics metrics) {
        this.factotum = factotum;
        this.storage = storage;
        this.roots = roots;
        this.metrics = metrics;
        factotum.addListener(this::record);
        factotum.addOutputListener(this::line);
    }

    @Override
    public void start() {
        factotum.start();
    }

    @Override
    public void shutdown(Duration grace) {
        factotum.stop(grace);
    }

    @Override
    public SubmitResult submit(JobSubmission s) {
        // The roots check goes where the original checks the path, before the library's own checks.
        if (!s.jobName().isEmpty() && !s.factfilePath().isEmpty() && !roots.allows(s.factfilePath())) {
            return new SubmitResult.Invalid("Value is outside every factfile root for 'factfilePath':'"
                    + s.factfilePath() + "'");
        }
        if (!s.jobName().isEmpty() && isSpecialFile(s.factfilePath())) {
            return new SubmitResult.Invalid("Value is not a regular file for 'factfilePath':'" + s.factfilePath() + "'");
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
        return new SubmitResult.Invalid(message.startsWith(VALIDATION) ? message.substring(VALIDATION.length()) : message);
    }

    /**
     * A FIFO, device or socket: opening a FIFO blocks until a writer comes, a device such as
     * {@code /dev/zero} never ends. Checked by type, without opening; links are followed (the roots
     * check has already judged where they lead). Directories and missing files are left to the
     * library, which reports them as Factotum does.
     */
    private static boolean isSpecialFile(String factfilePath) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(Path.of(factfilePath), BasicFileAttributes.class);
            return attributes.isOther();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public Optional<JobEntry> check(String jobId) {
        return factotum.check(jobId);
    }

    @Override
    public Page<JobEntry> list(Optional<JobState> state, PageRequest page) {
        if (state.isPresent()) {
            return factotum.list(state.get(), page);
        }
        // Every state: merge the per-state pages, which are all in job id order. The first `limit` of
        // the merge are the first of all states; there are more if the merge or any state's page has more.
        List<JobEntry> merged = new ArrayList<>();
        boolean more = false;
        for (JobState s : JobState.values()) {
            Page<JobEntry> statePage = factotum.list(s, page);
            merged.addAll(statePage.items());
            more |= statePage.next().isPresent();
        }
        merged.sort(Comparator.comparing(JobEntry::jobId, CodePointOrder.INSTANCE));
        if (merged.size() <= page.limit()) {
            return new Page<>(merged, more && !merged.isEmpty()
                    ? Optional.of(PageRequest.after(merged.get(merged.size() - 1).jobId(), page.limit()))
                    : Optional.empty());
        }
        List<JobEntry> items = merged.subList(0, page.limit());
        return new Page<>(items, Optional.of(PageRequest.after(items.get(items.size() - 1).jobId(), page.limit())));
    }

    @Override
    public List<JobRun> runs(String jobId) {
        return factotum.runs(jobId);
    }

    @Override
    public Map<String, java.time.Instant> lastRunStarts(java.util.Collection<String> jobIds) {
        return jobIds.isEmpty() ? Map.of() : storage.runs().latestStarts(jobIds);
    }

    @Override
    public Optional<TaskOutput> output(String jobId, String runReference, String taskName) {
        Optional<JobRun> run = factotum.runs(jobId).stream().filter(r -> r.runReference().equals(runReference))
                .findFirst();
        if (run.isEmpty()) {
            return Optional.empty();
        }
        Optional<TaskRun> task = run.get().tasks().stream().filter(t -> t.taskName().equals(taskName)).findFirst();
        if (task.isPresent() && task.get().state().isFinished()) {
            TaskRun t = task.get();
            return Optional.of(new TaskOutput(jobId, runReference, taskName, t.state().name(), false,
                    t.stdout().orElse(""), t.stderr().orElse("")));
        }
        LiveRun current = live.get(jobId);
        Optional<String[]> lines = current != null && current.runReference.equals(runReference)
                ? current.output(taskName) : Optional.empty();
        if (task.isEmpty() && lines.isEmpty()) {
            return Optional.empty();
        }
        String state = task.map(t -> t.state().name()).orElse(TaskState.RUNNING.name());
        String[] text = lines.orElse(new String[] {"", ""});
        return Optional.of(new TaskOutput(jobId, runReference, taskName, state, !run.get().isFinished(),
                text[0], text[1]));
    }

    private void line(String jobId, String runReference, String taskName, OutputStreamKind stream, String line) {
        LiveRun run = live.compute(jobId, (id, current) ->
                current != null && current.runReference.equals(runReference) ? current : new LiveRun(runReference));
        run.append(taskName, stream, line);
    }

    /** One run's output lines so far, per task and stream, each bounded to its tail. */
    private static final class LiveRun {
        final String runReference;
        private final Map<String, StringBuilder[]> tasks = new HashMap<>();

        LiveRun(String runReference) {
            this.runReference = runReference;
        }

        synchronized void append(String task, OutputStreamKind stream, String line) {
            StringBuilder b = tasks.computeIfAbsent(task, t -> new StringBuilder[] {new StringBuilder(), new StringBuilder()})
                    [stream == OutputStreamKind.STDOUT ? 0 : 1];
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(line);
            if (b.length() > 2 * MAX_LIVE_CHARS) {
                b.delete(0, b.length() - MAX_LIVE_CHARS);
            }
        }

        synchronized Optional<String[]> output(String task) {
            StringBuilder[] b = tasks.get(task);
            return b == null ? Optional.empty()
                    : Optional.of(new String[] {TaskRun.tail(b[0].toString(), MAX_LIVE_CHARS),
                            TaskRun.tail(b[1].toString(), MAX_LIVE_CHARS)});
        }
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
    public Optional<List<DagTask>> dag(String jobId) {
        Optional<JobEntry> entry = factotum.check(jobId);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        String path = entry.get().jobRequest().factfilePath();
        // The text the job was accepted with, where the store keeps it (a cluster); else the file,
        // judged as at submit time (inside a root, no FIFO or device that would block this thread).
        Optional<String> archived;
        try {
            archived = storage.factfiles().flatMap(archive -> archive.get(jobId));
        } catch (StoreException e) {
            archived = Optional.empty();
        }
        if (archived.isPresent() || (roots.allows(path) && !isSpecialFile(path))) {
            try {
                FactfileArgs args = FactfileArgs.parse(entry.get().jobRequest().factfileArgs());
                Variables variables = new Variables(EnvParser.parse(args.env().orElse("{}")), args.tags());
                FactfileParser parser = new FactfileParser();
                Factfile factfile = archived.isPresent() ? parser.parse(archived.get(), path, variables)
                        : parser.parse(Path.of(path), path, variables);
                return Optional.of(factfile.tasks().stream().map(t -> new DagTask(t.name(), t.dependsOn())).toList());
            } catch (FactfileArgsException | FactfileException | IllegalArgumentException e) {
                // the factfile changed or went away since: fall back to the recorded tasks
            }
        }
        List<JobRun> runs = factotum.runs(jobId);
        List<TaskRun> tasks = runs.isEmpty() ? List.of() : runs.get(runs.size() - 1).tasks();
        return Optional.of(tasks.stream().map(t -> new DagTask(t.taskName(), List.of())).toList());
    }

    @Override
    public void addListeners(SchedulerListener transitions, RunOutputListener lines) {
        factotum.addListener(transitions);
        factotum.addOutputListener(lines);
    }

    @Override
    public void checkStore() {
        storage.checkWritable();
    }

    private void record(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.JobFinished finished) {
            live.remove(finished.jobId());
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
