package io.factotum.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A process started by a {@link ProcessLauncher}. Its pid stays reserved until
 * {@link #waitFor()} has reaped it, and {@link #signal} never reaches a reaped pid, so a signal can
 * never hit an unrelated process that was given the recycled pid.
 */
interface LaunchedProcess {
    /** The process id, for diagnostics: while the process runs or waits to be reaped, it is this process's. */
    long pid();

    /** The read end of the process's standard output; the caller drains and closes it. */
    InputStream stdout();

    /** The read end of the process's standard error; the caller drains and closes it. */
    InputStream stderr();

    /**
     * Waits for the process to end and reaps it.
     *
     * @return the exit code, or {@code 128 + signal} if a signal ended it (as {@link Process#waitFor()})
     * @throws IOException if the operating system does not know the process any more
     */
    int waitFor() throws InterruptedException, IOException;

    /** Whether the process itself still runs; a process that ended but was not reaped yet does not. */
    boolean isAlive();

    /** The process's descendants at this moment; none once it was reaped. */
    List<ProcessHandle> descendants();

    /** Sends SIGTERM ({@code force}: SIGKILL) to the process itself, unless it was reaped already. */
    void signal(boolean force);
}
