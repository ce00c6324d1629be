package io.factotum.server.events;

import com.google.gson.JsonObject;
import io.factotum.json.CanonicalJsonWriter;
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
        return new LineFormat(jobId, runReference, taskName, stream).line(number, line);
    }

    /**
     * The output lines of one stream of one task in one run. Made once per stream, so that a line costs
     * only the escaping of its text: a loud task writes hundreds of thousands, each one an event.
     */
    static final class LineFormat {
        private final String jobId;
        /** The event's JSON up to the line's text: {@code {"jobId":..,"runReference":..,"task":..,"stream":..,"line":}. */
        private final String dataPrefix;
        /** The key up to the line's number. */
        private final String keyPrefix;

        LineFormat(String jobId, String runReference, String taskName, OutputStreamKind stream) {
            this.jobId = jobId;
            String streamName = stream.name().toLowerCase(Locale.ROOT);
            StringBuilder b = new StringBuilder(128).append("{\"jobId\":");
            CanonicalJsonWriter.writeString(b, jobId).append(",\"runReference\":");
            CanonicalJsonWriter.writeString(b, runReference).append(",\"task\":");
            CanonicalJsonWriter.writeString(b, taskName).append(",\"stream\":");
            CanonicalJsonWriter.writeString(b, streamName).append(",\"line\":");
            this.dataPrefix = b.toString();
            this.keyPrefix = linePrefix(runReference, taskName) + streamName + "|";
        }

        ServerEvent line(long number, String text) {
            StringBuilder data = new StringBuilder(dataPrefix.length() + text.length() + 8).append(dataPrefix);
            CanonicalJsonWriter.writeString(data, text).append('}');
            return new ServerEvent(0, ServerEvent.OUTPUT, jobId, keyPrefix + number, data.toString());
        }
    }

    /** The key prefix of every output line of one task in one run. */
    static String linePrefix(String runReference, String taskName) {
        return runLinePrefix(runReference) + name(taskName);
    }

    /** The key prefix of every output line of one run, whatever its task. */
    static String runLinePrefix(String runReference) {
        return "line|" + runReference + "|";
    }

    // Length-prefixed, so that no task name can make one key a prefix of another task's keys.
    private static String name(String taskName) {
        return taskName.length() + ":" + taskName + "|";
    }
}
