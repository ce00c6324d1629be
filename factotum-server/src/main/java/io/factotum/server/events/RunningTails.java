package io.factotum.server.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest output lines of each running task, kept as they are appended to the journal: what a
 * client that connects to a running job is shown of the tasks the store has no output of yet. Reading
 * them costs the lines shown, however loud the job and however much the journal holds (walking the
 * journal back cost every event back to where each running task had its lines, and to the run's
 * start whenever the stored run lagged the tasks).
 *
 * <p>A task's lines are kept from its RUNNING transition (or its first line, which may come first)
 * until it finishes (the store then holds its output), and forgotten with its job. Memory is bounded by {@code maxLinesPerTask} per running task;
 * the events are the journal's own.
 */
public final class RunningTails {
    private final int maxLinesPerTask;
    /** Per job: per run and task, its latest lines (each deque guarded by itself). */
    private final Map<String, Map<TaskKey, ArrayDeque<ServerEvent>>> jobs = new ConcurrentHashMap<>();

    /** Per job: its running run and the journal number of its started event. */
    private final Map<String, RunStart> runStarts = new ConcurrentHashMap<>();

    private record TaskKey(String runReference, String taskName) {
    }

    private record RunStart(String runReference, long seq) {
    }

    public RunningTails(int maxLinesPerTask) {
        if (maxLinesPerTask < 1) {
            throw new IllegalArgumentException("maxLinesPerTask must be positive: " + maxLinesPerTask);
        }
        this.maxLinesPerTask = maxLinesPerTask;
    }

    /** A run of the job started: its started event is numbered {@code seq} in the journal. */
    void runStarted(String jobId, String runReference, long seq) {
        runStarts.put(jobId, new RunStart(runReference, seq));
    }

    /**
     * The journal number of the started event of {@code runReference}, if it is the job's running run
     * and this node told its start: a client that wants every line of the run reads the journal from there.
     */
    public java.util.OptionalLong runStart(String jobId, String runReference) {
        RunStart start = runStarts.get(jobId);
        return start != null && start.runReference().equals(runReference)
                ? java.util.OptionalLong.of(start.seq()) : java.util.OptionalLong.empty();
    }

    /** The task is RUNNING: its lines are kept from now on. */
    void started(String jobId, String runReference, String taskName) {
        jobs.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>())
                .putIfAbsent(new TaskKey(runReference, taskName), new ArrayDeque<>());
    }

    /** A numbered line of a task (it may come before the task's RUNNING transition is told). */
    void line(ServerEvent numbered, String runReference, String taskName) {
        ArrayDeque<ServerEvent> lines = jobs.computeIfAbsent(numbered.jobId(), id -> new ConcurrentHashMap<>())
                .computeIfAbsent(new TaskKey(runReference, taskName), k -> new ArrayDeque<>());
        synchronized (lines) {
            if (lines.size() == maxLinesPerTask) {
                lines.removeFirst();
            }
            lines.addLast(numbered);
        }
    }

    /** The task finished: the store holds its output now. */
    void finished(String jobId, String runReference, String taskName) {
        Map<TaskKey, ArrayDeque<ServerEvent>> tasks = jobs.get(jobId);
        if (tasks != null) {
            tasks.remove(new TaskKey(runReference, taskName));
        }
    }

    /** The job is DONE: nothing of it is kept. */
    void jobFinished(String jobId) {
        jobs.remove(jobId);
        runStarts.remove(jobId);
    }

    /**
     * The latest lines, numbered up to {@code upToSeq}, of the tasks of run {@code runReference} that
     * are running: those {@code stillRunning} names (the stored run's view) and those this node saw
     * start and not finish, less {@code finished} (the store holds their output). Of each, its newest
     * lines, at most {@code maxLinesPerTask} and an equal share of {@code maxBytes} (counted as
     * {@link ServerEvent#frameBytes()}); all of them in the order they were written.
     *
     * @return empty if a task the store lists as running is not kept here (it finished, or has not
     *     been seen starting yet, since the store is written first): the caller then reads the journal
     */
    public Optional<List<ServerEvent>> latest(String jobId, String runReference, Collection<String> stillRunning,
            Collection<String> finished, long upToSeq, long maxBytes) {
        Map<TaskKey, ArrayDeque<ServerEvent>> tasks = jobs.getOrDefault(jobId, Map.of());
        Map<String, ArrayDeque<ServerEvent>> running = new HashMap<>();
        tasks.forEach((key, lines) -> {
            if (key.runReference().equals(runReference) && !finished.contains(key.taskName())) {
                running.put(key.taskName(), lines);
            }
        });
        if (!running.keySet().containsAll(stillRunning)) {
            return Optional.empty();
        }
        long share = maxBytes / Math.max(1, running.size());
        List<ServerEvent> shown = new ArrayList<>();
        for (ArrayDeque<ServerEvent> lines : running.values()) {
            shown.addAll(newest(lines, upToSeq, share));
        }
        shown.sort(Comparator.comparingLong(ServerEvent::seq));
        return Optional.of(shown);
    }

    /** The newest lines up to {@code upToSeq} within {@code maxBytes}, newest first. */
    private static List<ServerEvent> newest(ArrayDeque<ServerEvent> lines, long upToSeq, long maxBytes) {
        List<ServerEvent> taken = new ArrayList<>();
        long bytes = 0;
        synchronized (lines) {
            for (Iterator<ServerEvent> it = lines.descendingIterator(); it.hasNext();) {
                ServerEvent e = it.next();
                if (e.seq() > upToSeq) {
                    continue; // after the subscription's position: the client is sent it live
                }
                bytes += e.frameBytes();
                if (bytes > maxBytes) {
                    break;
                }
                taken.add(e);
            }
        }
        return taken;
    }

    /** Jobs with lines or a run start kept now. */
    int jobCount() {
        java.util.Set<String> ids = new java.util.HashSet<>(jobs.keySet());
        ids.addAll(runStarts.keySet());
        return ids.size();
    }
}
