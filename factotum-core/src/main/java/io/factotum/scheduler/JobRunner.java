package io.factotum.scheduler;

import io.factotum.engine.JobExecution;
import java.util.List;

/**
 * Runs one job for the scheduler: the seam between scheduling and execution. In process it is the
 * engine ({@link InProcessJobRunner}); a wrapper may run the Factotum CLI instead; tests use fakes.
 */
public interface JobRunner {
    /**
     * Checks, without running anything, that the job could be run: what Factotum Server's dry run
     * at submit time checks (server spec 3.4 step 5).
     *
     * @throws InvalidJobException if it could not
     */
    void validate(String factfilePath, List<String> factfileArgs) throws InvalidJobException;

    /**
     * Prepares a run and returns at once. The run may make progress only once the caller waits for
     * it ({@link JobExecution#await()}, which the scheduler's worker always does: the in-process
     * runner coordinates the run on that thread). It reports every transition to
     * {@link RunRequest#listener()}, on one thread, in order; {@link JobExecution#requestShutdown()}
     * stops it (cancel, timeout, node shutdown), also before the wait.
     *
     * @throws InvalidJobException if the job cannot be run (e.g. its factfile changed since it was
     *     accepted); nothing was started then
     */
    JobExecution start(RunRequest request) throws InvalidJobException;

    /**
     * How the dry-run command is named in a refusal ({@code Failed to execute command: [<name> run
     * ...] - ...}): {@code factotum} in process, the binary's path for an external Factotum.
     */
    default String commandName() {
        return "factotum";
    }
}
