package io.factotum.scheduler;

/** What {@code resume} did. */
public sealed interface ResumeResult {
    /** Queued again; {@code runReference} is the run that will continue the failed one. */
    record Resumed(String jobId, String runReference) implements ResumeResult { }

    /** No job has this id. */
    record NotFound(String jobId) implements ResumeResult { }

    /** Only a DONE job whose last run did not succeed can be resumed; {@code reason} says why this one cannot. */
    record NotResumable(String jobId, String reason) implements ResumeResult { }

    /** The queue holds max-jobs jobs already. */
    record QueueFull(int queued, int maxJobs) implements ResumeResult { }
}
