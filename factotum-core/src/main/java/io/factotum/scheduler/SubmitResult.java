package io.factotum.scheduler;

/** What a submission did; {@link #message()} is Factotum Server's reply text for it. */
public sealed interface SubmitResult {
    String message();

    /** Accepted and queued (QUEUED / WAITING stored). */
    record Accepted(String jobId) implements SubmitResult {
        @Override
        public String message() {
            return "SUBMITTING JOB REQ jobId:[" + jobId + "]";
        }
    }

    /** A job with this id exists and is not DONE. */
    record Duplicate(String jobId) implements SubmitResult {
        @Override
        public String message() {
            return "Job is already being processed";
        }
    }

    /** The queue holds max-jobs jobs already. */
    record QueueFull(int queued, int maxJobs) implements SubmitResult {
        @Override
        public String message() {
            return "Queue is full, cannot add job";
        }
    }

    /** The request was refused by validation; {@code message} starts with {@code Validation Error: }. */
    record Invalid(String message) implements SubmitResult { }
}
