package io.factotum.engine;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Records everything a run reports, and lets a test wait for a given event. */
class RecordingListener implements JobListener {
    final List<JobEvent> events = new CopyOnWriteArrayList<>();
    /** Hook calls and lines, in arrival order, e.g. {@code started:a}, {@code line:a:STDOUT:hi}. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final BlockingQueue<JobEvent> unseen = new LinkedBlockingQueue<>();
    /** Set by a test that wants to act on the execution from inside a hook. */
    final CompletableFuture<JobExecution> execution = new CompletableFuture<>();

    @Override
    public void onEvent(JobEvent event) {
        events.add(event);
        unseen.add(event);
    }

    @Override
    public void onTaskStarted(String taskName, Instant at) {
        calls.add("started:" + taskName);
    }

    @Override
    public void onLine(String taskName, OutputStreamKind stream, String line) {
        calls.add("line:" + taskName + ":" + stream + ":" + line);
    }

    @Override
    public void onRemainingGroupsSkipped() {
        calls.add("remaining-groups-skipped");
    }

    @Override
    public void onShutdownStarted(int runningTasks) {
        calls.add("shutdown-started:" + runningTasks);
    }

    @Override
    public void onForceKill(int remaining) {
        calls.add("force-kill:" + remaining);
    }

    /**
     * Waits for the next event matching {@code filter}. The timeout only turns a hung run into a
     * failure; it never decides an outcome.
     */
    JobEvent awaitEvent(Predicate<JobEvent> filter) throws InterruptedException {
        while (true) {
            JobEvent event = unseen.poll(60, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no matching event; got " + describe());
            }
            if (filter.test(event)) {
                return event;
            }
        }
    }

    static Predicate<JobEvent> transition(String task, TaskState to) {
        return e -> e.taskTransitions().stream().anyMatch(t -> t.taskName().equals(task) && t.current() == to
                && t.previous() != to);
    }

    /** One line per event: {@code job WAITING->RUNNING} or {@code task a:RUNNING->FAILED, b:WAITING->SKIPPED}. */
    List<String> describe() {
        return events.stream().map(RecordingListener::describe).toList();
    }

    static String describe(JobEvent e) {
        if (e.jobTransition().isPresent()) {
            JobTransition t = e.jobTransition().get();
            return "job " + t.previous() + "->" + t.current();
        }
        return (e.heartbeat() ? "heartbeat " : "task ") + e.taskTransitions().stream()
                .map(t -> t.taskName() + ":" + t.previous() + "->" + t.current())
                .collect(Collectors.joining(", "));
    }
}
