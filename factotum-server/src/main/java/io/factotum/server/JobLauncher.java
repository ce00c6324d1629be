package io.factotum.server;

import io.factotum.engine.JobListener;
import io.factotum.engine.TaskSnapshot;
import io.factotum.job.JobRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@link LocalScheduler} runs one job; {@link JobRunnerLauncher} implements it on the
 * scheduler library's {@link io.factotum.scheduler.JobRunner} seam (in process, or through
 * {@code --factotum-bin}).
 */
public interface JobLauncher {
    /** Starts what runs beside the jobs (webhook delivery of events an earlier process left). */
    void start();

    /**
     * The submit-time dry run (server spec 3.4 step 5).
     *
     * @return empty if the job could run, else why not, without the {@code Validation Error: } prefix
     */
    Optional<String> validate(String factfilePath, List<String> clientArgs) throws InterruptedException;

    /**
     * Starts a run and returns at once.
     *
     * @param runReference the run's reference, as stored and as sent in webhooks
     * @param prior results of an earlier run to keep (resume, continuation); ignored by runners that cannot
     * @param listener sees the run's transitions and output lines (in-process runs only)
     * @throws LaunchException if nothing could be started; the job counts as FAILED
     */
    Launch start(JobRequest job, String runReference, Instant startedAt, Map<String, TaskSnapshot> prior,
            JobListener listener) throws LaunchException;

    /** Stops what {@link #start()} started; pending webhook events stay stored. */
    void close();

    /** A started run. */
    interface Launch {
        /** Asks the run to stop, as Factotum does on SIGTERM; returns at once. */
        void stop();

        /** Waits for the end of the run; true if it succeeded (Factotum's exit code 0). */
        boolean await() throws InterruptedException;
    }

    /** The job could not be started. */
    final class LaunchException extends Exception {
        public LaunchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
