package io.factotum.server.events;

import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.TaskState;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.LastOutcome;
import io.factotum.job.TaskRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job's history as the store holds it, told as events: what a client that connects late (or after
 * the journal has moved on) is shown first. The store keeps each task's latest state and, once it has
 * finished, its output; so a task that finished is told as RUNNING, then its end state, then its lines.
 */
public final class StoredJobEvents {
    private StoredJobEvents() {
    }

    /** The events of {@code entry}'s job, oldest first, from its runs (oldest first). */
    public static List<ServerEvent> replay(JobEntry entry, List<JobRun> runs) {
        return replay(entry, runs, run -> true, true);
    }

    /**
     * As {@link #replay(JobEntry, List)}, telling only the runs {@code told} takes (the others are
     * told by someone else: this node's own runs by its scheduler), and the entry's own facts (queued,
     * or DONE without a finished run) only if {@code entryTold}.
     */
    static List<ServerEvent> replay(JobEntry entry, List<JobRun> runs, java.util.function.Predicate<JobRun> told,
            boolean entryTold) {
        List<ServerEvent> events = new ArrayList<>();
        boolean finishedShown = false;
        for (JobRun run : runs) {
            if (!told.test(run)) {
                continue;
            }
            events.add(EventFacts.started(new JobEntry(JobState.WORKING, entry.jobRequest(), run.nodeId(),
                    LastOutcome.RUNNING), run));
            for (TaskRun task : run.tasks()) {
                if (task.state() == TaskState.WAITING) {
                    continue;
                }
                if (task.state() == TaskState.RUNNING || task.started().isPresent()) {
                    events.add(EventFacts.task(entry.jobId(), run.runReference(), task, TaskState.RUNNING));
                }
                if (task.state().isFinished()) {
                    events.add(EventFacts.task(entry.jobId(), run.runReference(), task, task.state()));
                    lines(events, entry.jobId(), run.runReference(), task.taskName(), OutputStreamKind.STDOUT, task.stdout());
                    lines(events, entry.jobId(), run.runReference(), task.taskName(), OutputStreamKind.STDERR, task.stderr());
                }
            }
            finishedShown = false;
            if (run.outcome().isPresent()) {
                JobEntry done = new JobEntry(JobState.DONE, entry.jobRequest(), run.nodeId(),
                        run.outcome().get().toLastOutcome());
                events.add(EventFacts.finished(done, run));
                finishedShown = true;
            }
        }
        if (!entryTold) {
            return events;
        }
        if (entry.state() == JobState.QUEUED) {
            events.add(EventFacts.queued(entry));
        } else if (entry.state() == JobState.DONE && !finishedShown) {
            events.add(EventFacts.doneWithoutRun(entry));
        }
        return events;
    }

    /** {@code events} without the output lines of run {@code runReference}. */
    public static List<ServerEvent> withoutLinesOf(List<ServerEvent> events, String runReference) {
        String prefix = EventFacts.runLinePrefix(runReference);
        return new ArrayList<>(events.stream()
                .filter(e -> !(e.type().equals(ServerEvent.OUTPUT) && e.key().startsWith(prefix))).toList());
    }

    /**
     * The output lines, from the journal's {@code kept} events (oldest first), of the tasks of
     * {@code current} (a run still going) that have not finished (the store keeps a task's output once
     * it has): the last {@code maxLinesPerTask} of each, and of each at most its share of {@code maxBytes}
     * (counted as {@link ServerEvent#frameBytes()}), in the order they were written.
     */
    public static List<ServerEvent> runningOutput(JobRun current, List<ServerEvent> kept, int maxLinesPerTask,
            long maxBytes) {
        LineTail tail = new LineTail(current, maxLinesPerTask, maxBytes);
        for (int i = kept.size() - 1; i >= 0 && tail.take(kept.get(i)); i--) {
            // take() collects
        }
        return tail.oldestFirst();
    }

    /**
     * As {@link #runningOutput(JobRun, List, int, long)}, over the events {@code journal} keeps up to
     * {@code upToSeq} for {@code jobId}, read newest first and only until each running task has its
     * lines: a client that connects while a loud job runs costs the last lines, not the whole run.
     */
    public static List<ServerEvent> runningOutput(JobRun current, EventJournal journal, long upToSeq, String jobId,
            int maxLinesPerTask, long maxBytes) {
        LineTail tail = new LineTail(current, maxLinesPerTask, maxBytes);
        journal.walkBack(upToSeq, e -> !e.jobId().equals(jobId) || tail.take(e));
        return tail.oldestFirst();
    }

    /**
     * Collects output lines newest first: of each unfinished task of one run, at most {@code max} lines
     * and an equal share of {@code maxBytes} (a loud job's replay must leave a client room for what
     * comes live, or it is dropped as soon as it connects).
     */
    private static final class LineTail {
        private final String runPrefix;
        private final String startedKey;
        private final java.util.Set<String> finished = new java.util.HashSet<>();
        private final java.util.Map<String, Tally> tallies = new java.util.HashMap<>();
        private final List<ServerEvent> newestFirst = new ArrayList<>();
        private final java.util.Set<String> running = new java.util.HashSet<>();
        private final int max;
        private final long maxBytesPerTask;
        /** Running tasks of the run that still want lines; the walk may stop when none does. */
        private int hungry;
        /**
         * Whether the walk may stop early: not while the stored run lists no running task (just started),
         * nor after a line of a task it does not list as running (the stored run lags the journal),
         * since then it cannot tell which tasks remain.
         */
        private boolean mayStop;

        private static final class Tally {
            int lines;
            long bytes;
            boolean full;
        }

        LineTail(JobRun current, int max, long maxBytes) {
            this.max = max;
            this.runPrefix = EventFacts.runLinePrefix(current.runReference());
            this.startedKey = EventFacts.startedKey(current.runReference());
            for (TaskRun t : current.tasks()) {
                if (t.state().isFinished()) {
                    finished.add(t.taskName());
                } else if (t.state() == TaskState.RUNNING) {
                    running.add(t.taskName()); // a waiting task has written nothing yet
                }
            }
            hungry = running.size();
            mayStop = hungry > 0;
            this.maxBytesPerTask = maxBytes / Math.max(1, running.size());
        }

        /**
         * Takes {@code e} if it is a wanted line; false once every running task has its lines, or at
         * the run's start (nothing older is of this run).
         */
        boolean take(ServerEvent e) {
            if (!e.type().equals(ServerEvent.OUTPUT)) {
                return !e.key().equals(startedKey);
            }
            if (!e.key().startsWith(runPrefix)) {
                return true;
            }
            String task = taskOf(e.key(), runPrefix.length());
            if (task == null || finished.contains(task)) {
                return true;
            }
            boolean listed = running.contains(task);
            mayStop &= listed;
            Tally t = tallies.computeIfAbsent(task, k -> new Tally());
            if (t.full) {
                return true;
            }
            long size = e.frameBytes();
            boolean fits = t.bytes + size <= maxBytesPerTask;
            if (fits) {
                newestFirst.add(e);
                t.lines++;
                t.bytes += size;
            }
            if (!fits || t.lines == max) {
                t.full = true;
                if (listed) {
                    hungry--;
                }
            }
            return !mayStop || hungry > 0;
        }

        List<ServerEvent> oldestFirst() {
            List<ServerEvent> lines = new ArrayList<>(newestFirst);
            java.util.Collections.reverse(lines);
            return lines;
        }
    }

    // A line key is "line|<run>|<length>:<task>|<stream>|<n>" (EventFacts.linePrefix).
    private static String taskOf(String key, int from) {
        int colon = key.indexOf(':', from);
        if (colon < 0) {
            return null;
        }
        try {
            int length = Integer.parseInt(key.substring(from, colon));
            return colon + 1 + length <= key.length() ? key.substring(colon + 1, colon + 1 + length) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void lines(List<ServerEvent> events, String jobId, String runReference, String task,
            OutputStreamKind stream, Optional<String> text) {
        if (text.isEmpty() || text.get().isEmpty()) {
            return;
        }
        String[] lines = text.get().split("\n", -1);
        int count = lines.length;
        if (lines[count - 1].isEmpty()) {
            count--; // the text ends with a newline: no empty last line
        }
        EventFacts.LineFormat format = new EventFacts.LineFormat(jobId, runReference, task, stream);
        for (int i = 0; i < count; i++) {
            events.add(format.line(i + 1, lines[i]));
        }
    }
}
