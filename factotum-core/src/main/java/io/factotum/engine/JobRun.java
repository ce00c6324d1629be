package io.factotum.engine;

import io.factotum.factfile.OnResult;
import io.factotum.factfile.TaskSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One run of a plan. All task state lives on the coordinating thread, which is also the only one
 * that emits events, so listeners see one totally ordered stream. Task runners report results into
 * a queue; the shutdown thread only touches the registry of running tasks, under {@link #lock}.
 */
final class JobRun implements JobExecution {
    private static final long MIN_HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private record Completion(int index, TaskResult result) { }

    private final JobPlan plan;
    private final RunOptions options;
    private final JobListener listener;
    private final TaskRunner runner;
    private final Clock clock;

    private final List<TaskSpec> specs;
    private final TaskState[] states;
    private final String[] reasons;
    private final Instant[] started;
    private final TaskResult[] results;
    private final TaskSnapshot[] snapshots;
    /** Live output per task, only when heartbeats are on (spec 4.9). */
    private final LiveOutput[] live;
    private final long heartbeatNanos;

    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();

    private final Object lock = new Object();
    /** Set by whichever of {@link #begin()} and {@link #await()} coordinates the run. */
    private final java.util.concurrent.atomic.AtomicBoolean coordinated = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<Integer, RunningTask> running = new HashMap<>();
    private boolean shutdownRequested;
    private Thread shutdownThread;

    /** Parks on {@link RunningTask#await()} for runners that cannot call back; created on first use. */
    private ExecutorService waiters;
    private long nextHeartbeat;

    JobRun(JobPlan plan, RunOptions options, JobListener listener, TaskRunner runner, Clock clock) {
        this.plan = plan;
        this.options = options;
        this.listener = listener;
        this.runner = runner;
        this.clock = clock;
        this.specs = plan.tasks();
        int n = specs.size();
        this.states = new TaskState[n];
        this.reasons = new String[n];
        this.started = new Instant[n];
        this.results = new TaskResult[n];
        this.snapshots = new TaskSnapshot[n];
        for (int i = 0; i < n; i++) {
            states[i] = TaskState.WAITING;
            snapshots[i] = TaskSnapshot.waiting(specs.get(i).name());
        }
        this.heartbeatNanos = options.heartbeatInterval()
                .map(d -> Math.max(d.toNanos(), MIN_HEARTBEAT_NANOS)).orElse(-1L);
        this.live = heartbeatNanos > 0 ? new LiveOutput[n] : null;
        applyPriorResults();
    }

    /**
     * Continuing an earlier run: kept tasks take their earlier state and result, and the
     * descendants of kept no-op and failed tasks are pruned again, in task-list order as
     * {@link #finish} would have pruned them, so the skip reasons read the same.
     */
    private void applyPriorResults() {
        Map<String, TaskSnapshot> prior = plan.priorResults();
        if (prior.isEmpty()) {
            return;
        }
        for (int i = 0; i < specs.size(); i++) {
            TaskSnapshot kept = prior.get(specs.get(i).name());
            if (kept != null) {
                states[i] = kept.state();
                results[i] = kept.result().orElseThrow();
                started[i] = kept.started().orElse(null);
                reasons[i] = kept.state() == TaskState.FAILED ? kept.reason().orElse(null) : null;
            }
        }
        for (int i = 0; i < specs.size(); i++) {
            if (prior.containsKey(specs.get(i).name())) {
                String skipReason = switch (states[i]) {
                    case SUCCEEDED_NO_OP -> "the task '" + specs.get(i).name() + "' requested early termination";
                    case FAILED -> "the task '" + specs.get(i).name() + "' failed";
                    default -> null;
                };
                if (skipReason != null) {
                    for (int d : plan.descendantIndexes(i)) {
                        if (states[d] == TaskState.WAITING) {
                            states[d] = TaskState.SKIPPED;
                            reasons[d] = skipReason;
                        } else if (states[d] == TaskState.SKIPPED) {
                            reasons[d] = reasons[d] + ", " + skipReason;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < specs.size(); i++) {
            snapshots[i] = snapshot(i);
        }
    }

    /** Coordinates the run on a thread of its own. */
    void begin() {
        if (coordinated.compareAndSet(false, true)) {
            Thread coordinator = new Thread(this::coordinate, "factotum-job");
            coordinator.start();
        }
    }

    @Override
    public void requestShutdown() {
        synchronized (lock) {
            if (shutdownRequested) {
                return;
            }
            shutdownRequested = true;
            List<RunningTask> toStop = new ArrayList<>(running.values());
            shutdownThread = new Thread(() -> stopAll(toStop), "factotum-shutdown");
            shutdownThread.start();
        }
    }

    /**
     * Waits for the outcome. A run not {@linkplain #begin() begun} is coordinated here, on the
     * caller's thread: a worker that waits for its job anyway needs no second thread per job.
     */
    @Override
    public JobOutcome await() throws InterruptedException {
        if (coordinated.compareAndSet(false, true)) {
            coordinate();
        }
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                // Coordinated on this thread, which was interrupted: stop the tasks it had started.
                requestShutdown();
                throw interrupted;
            }
            throw new IllegalStateException("the job run failed", e.getCause());
        }
    }

    // ---- coordinating thread -------------------------------------------------------------------

    private void coordinate() {
        try {
            nextHeartbeat = System.nanoTime() + heartbeatNanos;
            emitJob(null, JobRunState.WAITING);
            if (options.mode() == ScheduleMode.EAGER) {
                runEagerly();
            } else {
                runLevels();
            }
            Thread stopper;
            synchronized (lock) {
                stopper = shutdownThread;
            }
            if (stopper != null) {
                // Kills after the grace period belong to this run: finish them before the final event.
                stopper.join();
            }
            boolean failed = false;
            for (TaskState state : states) {
                failed |= state == TaskState.FAILED;
            }
            // Factotum always reports the final transition as coming from RUNNING (spec 5.1).
            emitJob(JobRunState.RUNNING, failed ? JobRunState.FAILED : JobRunState.SUCCEEDED);
            boolean shutdown;
            synchronized (lock) {
                shutdown = shutdownRequested;
            }
            outcome.complete(new JobOutcome(List.of(snapshots), shutdown));
        } catch (Throwable t) {
            outcome.completeExceptionally(t);
        } finally {
            if (waiters != null) {
                waiters.shutdown();
            }
        }
    }

    /** Factotum's order: each group starts only when the whole previous group has finished. */
    private void runLevels() throws InterruptedException {
        List<List<TaskSpec>> levels = plan.levels();
        if (levels.isEmpty()) {
            // Factotum's sequencer yields one empty group for "tasks": [] and still reports its
            // start (WAITING->RUNNING), so an empty job sends three job events (spec 5.1).
            levels = List.of(List.of());
        }
        int offset = 0;
        for (int level = 0; level < levels.size(); level++) {
            if (isShutdownRequested()) {
                listener.onRemainingGroupsSkipped();
                return;
            }
            int size = levels.get(level).size();
            List<Integer> group = new ArrayList<>(size);
            for (int i = offset; i < offset + size; i++) {
                group.add(i);
            }
            offset += size;
            List<TaskTransition> startedNow = startTasks(group);
            if (level == 0) {
                emitJob(JobRunState.WAITING, JobRunState.RUNNING);
            }
            if (!startedNow.isEmpty()) {
                emitTasks(startedNow, false);
            }
            for (int pending = startedNow.size(); pending > 0; pending--) {
                finish(nextCompletion());
            }
        }
    }

    /** Ruling 9: a task starts as soon as all its (planned) parents have finished. */
    private void runEagerly() throws InterruptedException {
        int n = specs.size();
        if (n == 0) {
            // The same events as the levels order for an empty job (spec 5.1).
            emitJob(JobRunState.WAITING, JobRunState.RUNNING);
            return;
        }
        int[][] parents = plan.parentIndexes();
        List<List<Integer>> children = new ArrayList<>(n);
        int[] unfinishedParents = new int[n];
        for (int i = 0; i < n; i++) {
            children.add(new ArrayList<>());
        }
        List<Integer> ready = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int p : parents[i]) {
                children.get(p).add(i);
                // Parents kept from an earlier run have finished already.
                if (!states[p].isFinished()) {
                    unfinishedParents[i]++;
                }
            }
            if (unfinishedParents[i] == 0 && states[i] == TaskState.WAITING) {
                ready.add(i);
            }
        }
        List<TaskTransition> startedNow = startTasks(ready);
        emitJob(JobRunState.WAITING, JobRunState.RUNNING);
        if (!startedNow.isEmpty()) {
            emitTasks(startedNow, false);
        }
        int active = startedNow.size();
        boolean skipNoticeSent = false;
        while (active > 0) {
            Completion done = nextCompletion();
            finish(done);
            active--;
            if (isShutdownRequested()) {
                if (!skipNoticeSent && anyWaiting()) {
                    listener.onRemainingGroupsSkipped();
                    skipNoticeSent = true;
                }
                continue;
            }
            List<Integer> nowReady = new ArrayList<>();
            for (int child : children.get(done.index())) {
                if (--unfinishedParents[child] == 0 && states[child] == TaskState.WAITING) {
                    nowReady.add(child);
                }
            }
            nowReady.sort(null);
            List<TaskTransition> batch = startTasks(nowReady);
            if (!batch.isEmpty()) {
                emitTasks(batch, false);
                active += batch.size();
            }
        }
    }

    private boolean anyWaiting() {
        for (TaskState state : states) {
            if (state == TaskState.WAITING) {
                return true;
            }
        }
        return false;
    }

    /** Starts every still-waiting task of {@code indexes} (skipped ones are not run, spec 4.3). */
    private List<TaskTransition> startTasks(List<Integer> indexes) {
        List<TaskTransition> transitions = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            if (states[i] != TaskState.WAITING) {
                continue;
            }
            Instant now = clock.instant();
            states[i] = TaskState.RUNNING;
            started[i] = now;
            if (live != null) {
                live[i] = new LiveOutput();
            }
            snapshots[i] = snapshot(i);
            String name = specs.get(i).name();
            listener.onTaskStarted(name, now);
            launch(i);
            transitions.add(new TaskTransition(name, TaskState.WAITING, TaskState.RUNNING));
        }
        return transitions;
    }

    private void launch(int i) {
        TaskSpec spec = specs.get(i);
        RunningTask task;
        synchronized (lock) {
            // Registration and the shutdown snapshot are one step, so no task escapes termination.
            if (shutdownRequested) {
                completions.add(new Completion(i,
                        TaskResult.failedToRun("Task cancelled due to shutdown", Duration.ZERO)));
                return;
            }
            try {
                task = runner.start(TaskInvocation.of(spec), outputListener(i));
            } catch (RuntimeException e) {
                completions.add(new Completion(i,
                        TaskResult.failedToRun("Error executing process - " + e.getMessage(), Duration.ZERO)));
                return;
            }
            running.put(i, task);
        }
        if (task instanceof CompletionNotifying notifying) {
            notifying.whenDone(result -> completions.add(new Completion(i, result)));
        } else if (!task.isAlive()) {
            // Ended already (a simulation, a task that could not start): no thread needed to wait.
            completions.add(new Completion(i, awaitQuietly(task)));
        } else {
            waiters().execute(() -> completions.add(new Completion(i, awaitQuietly(task))));
        }
    }

    private static TaskResult awaitQuietly(RunningTask task) {
        try {
            return task.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TaskResult.failedToRun("Error waiting for process - interrupted", Duration.ZERO);
        } catch (RuntimeException e) {
            return TaskResult.failedToRun("Error waiting for process - " + e.getMessage(), Duration.ZERO);
        }
    }

    private TaskOutputListener outputListener(int i) {
        if (live == null) {
            return listener;
        }
        LiveOutput buffer = live[i];
        return (task, stream, line) -> {
            buffer.append(stream, line);
            listener.onLine(task, stream, line);
        };
    }

    private ExecutorService waiters() {
        if (waiters == null) {
            waiters = Executors.newCachedThreadPool(daemonThreads("factotum-task-waiter"));
        }
        return waiters;
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Spec 4.6: classify, then prune the descendants of a no-op or failed task. */
    private void finish(Completion done) {
        int i = done.index();
        synchronized (lock) {
            running.remove(i);
        }
        TaskSpec spec = specs.get(i);
        TaskResult result = done.result();
        OnResult mapping = spec.onResult();
        int code = result.returnCode();
        String skipReason = null;
        if (mapping.terminateJobWithSuccess().contains(code)) {
            states[i] = TaskState.SUCCEEDED_NO_OP;
            skipReason = "the task '" + spec.name() + "' requested early termination";
        } else if (mapping.continueJob().contains(code)) {
            states[i] = TaskState.SUCCEEDED;
        } else {
            states[i] = TaskState.FAILED;
            reasons[i] = "the task exited with a value not specified in continue_job - " + code
                    + " (task expects one of the following return codes to continue "
                    + mapping.continueJob().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"))
                    + ")";
            skipReason = "the task '" + spec.name() + "' failed";
        }
        results[i] = result;
        if (live != null) {
            live[i] = null;
        }
        snapshots[i] = snapshot(i);
        List<TaskTransition> transitions = new ArrayList<>();
        transitions.add(new TaskTransition(spec.name(), TaskState.RUNNING, states[i]));
        if (skipReason != null) {
            for (int d : plan.descendantIndexes(i)) {
                TaskState previous = states[d];
                if (previous != TaskState.WAITING && previous != TaskState.SKIPPED) {
                    continue; // cannot happen: descendants start only after their ancestors ended
                }
                reasons[d] = previous == TaskState.SKIPPED ? reasons[d] + ", " + skipReason : skipReason;
                states[d] = TaskState.SKIPPED;
                snapshots[d] = snapshot(d);
                transitions.add(new TaskTransition(specs.get(d).name(), previous, TaskState.SKIPPED));
            }
        }
        emitTasks(transitions, false);
    }

    private Completion nextCompletion() throws InterruptedException {
        if (heartbeatNanos < 0) {
            return completions.take();
        }
        while (true) {
            long wait = nextHeartbeat - System.nanoTime();
            if (wait <= 0) {
                emitHeartbeat();
                nextHeartbeat = System.nanoTime() + heartbeatNanos;
                continue;
            }
            Completion done = completions.poll(wait, TimeUnit.NANOSECONDS);
            if (done != null) {
                return done;
            }
        }
    }

    private void emitHeartbeat() {
        List<TaskTransition> beats = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            if (states[i] == TaskState.RUNNING) {
                beats.add(new TaskTransition(specs.get(i).name(), TaskState.RUNNING, TaskState.RUNNING));
            }
        }
        if (!beats.isEmpty()) {
            emitTasks(beats, true);
        }
    }

    private boolean isShutdownRequested() {
        synchronized (lock) {
            return shutdownRequested;
        }
    }

    // ---- events ---------------------------------------------------------------------------------

    private void emitJob(JobRunState previous, JobRunState current) {
        listener.onEvent(new JobEvent(clock.instant(), current, Optional.of(new JobTransition(previous, current)),
                List.of(), currentSnapshots(), false));
    }

    private void emitTasks(List<TaskTransition> transitions, boolean heartbeat) {
        listener.onEvent(new JobEvent(clock.instant(), JobRunState.RUNNING, Optional.empty(), transitions,
                currentSnapshots(), heartbeat));
    }

    private List<TaskSnapshot> currentSnapshots() {
        if (live != null) {
            for (int i = 0; i < states.length; i++) {
                if (states[i] == TaskState.RUNNING) {
                    snapshots[i] = snapshot(i);
                }
            }
        }
        return List.of(snapshots);
    }

    private TaskSnapshot snapshot(int i) {
        LiveOutput output = live == null ? null : live[i];
        return new TaskSnapshot(specs.get(i).name(), states[i], Optional.ofNullable(reasons[i]),
                Optional.ofNullable(started[i]), Optional.ofNullable(results[i]),
                output == null ? Optional.empty() : output.stdout(),
                output == null ? Optional.empty() : output.stderr());
    }

    // ---- shutdown thread ------------------------------------------------------------------------

    private void stopAll(List<RunningTask> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        listener.onShutdownStarted(tasks.size());
        tasks.forEach(RunningTask::terminate);
        long deadline = System.nanoTime() + options.gracePeriod().toNanos();
        try {
            // Return early once everything is gone; the deadline bounds the wait either way.
            while (tasks.stream().anyMatch(RunningTask::isAlive)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<RunningTask> remaining = tasks.stream().filter(RunningTask::isAlive).toList();
        if (!remaining.isEmpty()) {
            listener.onForceKill(remaining.size());
            remaining.forEach(RunningTask::kill);
            // SIGKILL cannot be ignored; waiting (briefly, bounded) lets the run end only once its
            // processes are gone, so nothing of it outlives the final event.
            long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            try {
                while (remaining.stream().anyMatch(RunningTask::isAlive) && System.nanoTime() < killDeadline) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Cumulative {@code \n}-separated output of a running task. */
    private static final class LiveOutput {
        private final StringBuilder stdout = new StringBuilder();
        private final StringBuilder stderr = new StringBuilder();
        private int stdoutLines;
        private int stderrLines;

        synchronized void append(OutputStreamKind stream, String line) {
            boolean out = stream == OutputStreamKind.STDOUT;
            StringBuilder target = out ? stdout : stderr;
            if ((out ? stdoutLines++ : stderrLines++) > 0) {
                target.append('\n');
            }
            target.append(line);
        }

        synchronized Optional<String> stdout() {
            return stdout.isEmpty() ? Optional.empty() : Optional.of(stdout.toString());
        }

        synchronized Optional<String> stderr() {
            return stderr.isEmpty() ? Optional.empty() : Optional.of(stderr.toString());
        }
    }
}
