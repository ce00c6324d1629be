package io.factotum.engine;

/** A run started by {@link JobExecutor#start}. */
public interface JobExecution {
    /**
     * Stops the run as Factotum does on SIGTERM/SIGINT (spec 4.8): running tasks' process trees get
     * SIGTERM, then after the grace period of {@link RunOptions} whatever is left gets SIGKILL; the
     * current group finishes, later groups are skipped and their tasks stay {@code WAITING}.
     * Returns at once; idempotent.
     */
    void requestShutdown();

    /** Waits until the run has ended (final event emitted, shutdown kills done) and returns its outcome. */
    JobOutcome await() throws InterruptedException;
}
