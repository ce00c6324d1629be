package io.factotum.cli;

import io.factotum.engine.JobExecution;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Factotum's SIGTERM/SIGINT handling (spec 4.8): the first signal prints a notice and asks the
 * running job (or the one about to start) to shut down; later signals are swallowed.
 */
public final class ShutdownSignals {
    private final Console console;
    private final AtomicBoolean received = new AtomicBoolean();
    private volatile JobExecution current;

    public ShutdownSignals(Console console) {
        this.console = console;
    }

    /**
     * Replaces the JVM's default handling (exit at once) of TERM and INT with {@link #signalled()}.
     *
     * @throws IllegalArgumentException when the JVM does not allow it (e.g. {@code -Xrs})
     */
    public void install() {
        Signal.handle(new Signal("TERM"), signal -> signalled());
        Signal.handle(new Signal("INT"), signal -> signalled());
    }

    /** A shutdown signal arrived. */
    public void signalled() {
        if (!received.compareAndSet(false, true)) {
            return;
        }
        console.println("\nReceived shutdown signal, terminating gracefully...");
        JobExecution execution = current;
        if (execution != null) {
            shutDown(execution);
        }
    }

    /** Whether a shutdown signal has arrived. */
    public boolean received() {
        return received.get();
    }

    /** The job now running: shut it down if a signal came first or comes later. */
    public void register(JobExecution execution) {
        current = execution;
        if (received.get()) {
            shutDown(execution);
        }
    }

    /** The job has ended; signals no longer concern it. */
    public void unregister() {
        current = null;
    }

    private static void shutDown(JobExecution execution) {
        // The grace period can take seconds: keep the JVM's signal thread free.
        Thread thread = new Thread(execution::requestShutdown, "factotum-shutdown");
        thread.setDaemon(true);
        thread.start();
    }
}
