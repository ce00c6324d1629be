package io.factotum.engine;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A process started by a {@link ProcessLauncher}. Its pid stays reserved until
 * {@link #waitFor()} has reaped it, and {@link #signal} never reaches a reaped pid, so a signal can
 * never hit an unrelated process that was given the recycled pid.
 */
interface LaunchedProcess {
    /** The process id, for diagnostics: while the process runs or waits to be reaped, it is this process's. */
    long pid();

    /**
     * Copies standard output and error into the sinks as they arrive, on threads of {@code readers},
     * closes the pipes at their end, then runs {@code whenDrained} on the reader thread that saw the
     * last end. Each sink is called by one thread at a time.
     */
    void drain(OutputSink stdout, OutputSink stderr, Executor readers, Runnable whenDrained);

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

    /** Receives one output stream of a process. */
    interface OutputSink {
        /** The next {@code length} bytes of the stream; {@code bytes} is re-used after the call. */
        void write(byte[] bytes, int length);

        /** The stream has ended (or broke: what was read is kept). */
        void end();
    }
}
