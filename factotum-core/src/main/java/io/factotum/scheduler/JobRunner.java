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
     * Starts a run and returns at once. The run reports every transition to
     * {@link RunRequest#listener()}, on one thread, in order; {@link JobExecution#requestShutdown()}
     * stops it (cancel, timeout, node shutdown).
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
