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
        List<ServerEvent> events = new ArrayList<>();
        boolean finishedShown = false;
        for (JobRun run : runs) {
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
        if (entry.state() == JobState.QUEUED) {
            events.add(EventFacts.queued(entry));
        } else if (entry.state() == JobState.DONE && !finishedShown) {
            events.add(EventFacts.doneWithoutRun(entry));
        }
        return events;
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
        for (int i = 0; i < count; i++) {
            events.add(EventFacts.line(jobId, runReference, task, stream, i + 1, lines[i]));
        }
    }
}
