package io.factotum.server;

import io.factotum.engine.JobListener;
import io.factotum.engine.TaskSnapshot;
import io.factotum.job.JobRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one job: in process on the engine ({@link InProcessLauncher}) or through an external
 * Factotum binary ({@code --factotum-bin}, {@link ExternalLauncher}).
 */
public interface JobLauncher {
    /**
     * The submit-time dry run (server spec 3.4 step 5).
     *
     * @return empty if the job could run, else why not, without the {@code Validation Error: } prefix
     */
    Optional<String> validate(String factfilePath, List<String> clientArgs) throws InterruptedException;

    /**
     * Starts a run and returns at once.
     *
     * @param prior results of an earlier run to keep (resume); ignored by runners that cannot
     * @param listener sees the run's transitions and output lines (in-process runs only)
     * @throws LaunchException if nothing could be started; the job counts as FAILED
     */
    Launch start(JobRequest job, Map<String, TaskSnapshot> prior, JobListener listener) throws LaunchException;

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
