package io.factotum.server.events;

import com.google.gson.JsonObject;
import io.factotum.engine.OutputStreamKind;
import io.factotum.engine.TaskState;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.TaskRun;
import java.util.Locale;
import java.util.Optional;

/**
 * The one definition of the events' JSON and keys, used both for live events and for the replay of
 * stored history, so that a fact replayed from the store and the same fact seen live compare equal.
 */
final class EventFacts {
    static final String FINISHED_PREFIX = "finished|";

    private EventFacts() {
    }

    /** A job accepted into the queue (submitted or resumed). */
    static ServerEvent queued(JobEntry entry) {
        return job(entry, Optional.empty(), "queued");
    }

    /** A run started or continued. */
    static ServerEvent started(JobEntry entry, JobRun run) {
        return job(entry, Optional.of(run), startedKey(run.runReference()));
    }

    /** The key of the event that says a run started: no line of that run comes before it. */
    static String startedKey(String runReference) {
        return "started|" + runReference;
    }

    /** A run ended and the job is DONE. */
    static ServerEvent finished(JobEntry entry, JobRun run) {
        return job(entry, Optional.of(run), FINISHED_PREFIX + run.runReference());
    }

    /** The job is DONE with no finished run to show for it (e.g. cancelled before it ran). */
    static ServerEvent doneWithoutRun(JobEntry entry) {
        return job(entry, Optional.empty(), FINISHED_PREFIX);
    }

    private static ServerEvent job(JobEntry entry, Optional<JobRun> run, String key) {
        JsonObject o = new JsonObject();
        o.addProperty("jobId", entry.jobId());
        o.addProperty("jobName", entry.jobRequest().jobName());
        o.addProperty("state", entry.state().name());
        o.addProperty("lastOutcome", entry.lastOutcome().name());
        o.addProperty("node", entry.lastRunFrom());
        run.ifPresent(r -> {
            o.addProperty("runReference", r.runReference());
            r.outcome().ifPresent(x -> o.addProperty("outcome", x.name()));
        });
        return new ServerEvent(0, ServerEvent.JOB, entry.jobId(), key, o.toString());
    }

    /** A task reached {@code state}; {@code task} is its record (results are shown once it is finished). */
    static ServerEvent task(String jobId, String runReference, TaskRun task, TaskState state) {
        JsonObject o = new JsonObject();
        o.addProperty("jobId", jobId);
        o.addProperty("runReference", runReference);
        o.addProperty("task", task.taskName());
        o.addProperty("state", state.name());
        if (state.isFinished()) {
            task.returnCode().ifPresent(c -> o.addProperty("returnCode", c));
            task.errorMessage().ifPresent(m -> o.addProperty("errorMessage", m));
        }
        return new ServerEvent(0, ServerEvent.TASK, jobId, taskKey(runReference, task.taskName(), state),
                o.toString());
    }

    static String taskKey(String runReference, String taskName, TaskState state) {
        return "task|" + runReference + "|" + name(taskName) + state.name();
    }

    /** One line a task wrote; {@code number} counts the lines of that task's stream from 1. */
    static ServerEvent line(String jobId, String runReference, String taskName, OutputStreamKind stream,
            long number, String line) {
        JsonObject o = new JsonObject();
        o.addProperty("jobId", jobId);
        o.addProperty("runReference", runReference);
        o.addProperty("task", taskName);
        String streamName = stream.name().toLowerCase(Locale.ROOT);
        o.addProperty("stream", streamName);
        o.addProperty("line", line);
        return new ServerEvent(0, ServerEvent.OUTPUT, jobId,
                linePrefix(runReference, taskName) + streamName + "|" + number, o.toString());
    }

    /** The key prefix of every output line of one task in one run. */
    static String linePrefix(String runReference, String taskName) {
        return "line|" + runReference + "|" + name(taskName);
    }

    // Length-prefixed, so that no task name can make one key a prefix of another task's keys.
    private static String name(String taskName) {
        return taskName.length() + ":" + taskName + "|";
    }
}
