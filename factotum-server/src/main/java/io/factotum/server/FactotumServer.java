package io.factotum.server;

import com.google.inject.Guice;
import com.google.inject.Inject;
import io.factotum.server.guice.ServerModules;
import io.factotum.server.http.EventStreamHandler;
import io.factotum.server.http.Routes;
import io.factotum.store.Storage;
import io.undertow.Undertow;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.factotum.job.JobEntry;
import io.factotum.job.JobState;
import io.factotum.store.PageRequest;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The running server: the scheduler and the HTTP listener over one store.
 *
 * <p>Shutdown rule ({@link #stop}, also on SIGTERM): submissions and resumes get 503 and readiness
 * goes DOWN at once, while the listener and the read endpoints keep answering, so that an operator
 * can watch the drain; running jobs get {@code --shutdown-grace} to finish; those still running are
 * stopped and handed back to the queue with their partial run, which the next start continues
 * (tasks that had succeeded are not run again); then the listener refuses new requests and those in
 * flight get up to {@link #HTTP_DRAIN_MILLIS}; finally the store is closed. Each step is reported.
 */
public final class FactotumServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(FactotumServer.class);
    static final long HTTP_DRAIN_MILLIS = 5_000;
    /** More running jobs than this are counted but not all named in the drain report. */
    static final int MAX_JOBS_NAMED = 1000;

    /**
     * What a shutdown did with the jobs that were running when it began.
     *
     * @param running the jobs WORKING when the drain began
     * @param finished those of them that ended (DONE) during the grace period
     * @param handedBack those stopped and put back in the queue, to continue at the next start
     * @param clean whether every running job was accounted for and the store closed without error
     */
    public record DrainReport(List<String> running, List<String> finished, List<String> handedBack, boolean clean) {
        public DrainReport {
            running = List.copyOf(running);
            finished = List.copyOf(finished);
            handedBack = List.copyOf(handedBack);
        }
    }

    private final ServerConfig config;
    private final Storage storage;
    private final JobService scheduler;
    private final ServerState state;
    private final Undertow undertow;
    private final GracefulShutdownHandler gate;
    private final Routes routes;
    private final EventStreamHandler events;
    private final ScheduleService schedules;
    private DrainReport report;

    @Inject
    FactotumServer(ServerConfig config, Storage storage, JobService scheduler, ServerState state,
            Undertow undertow, GracefulShutdownHandler gate, Routes routes, EventStreamHandler events,
            ScheduleService schedules) {
        this.config = config;
        this.storage = storage;
        this.scheduler = scheduler;
        this.state = state;
        this.undertow = undertow;
        this.gate = gate;
        this.routes = routes;
        this.events = events;
        this.schedules = schedules;
    }

    /** Wires a server for {@code config} (one injector) without starting it. */
    public static FactotumServer create(ServerConfig config, Clock clock) {
        return Guice.createInjector(ServerModules.forConfig(config, clock)).getInstance(FactotumServer.class);
    }

    public void start() {
        scheduler.start();
        schedules.start();
        undertow.start();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    public Routes routes() {
        return routes;
    }

    /** The event streams: how many are open, how many were dropped. */
    public EventStreamHandler events() {
        return events;
    }

    /** The store, for tests that take it away. */
    Storage storage() {
        return storage;
    }

    public ServerConfig config() {
        return config;
    }

    /** Stops as described in the class comment, reporting each step to the log; idempotent. */
    public DrainReport stop() {
        return stop(LOG::info);
    }

    /**
     * Stops as described in the class comment; {@code progress} gets one line per step (what is
     * running, what finished, what is handed back). Idempotent: a second call reports nothing and
     * returns the first call's report.
     */
    public synchronized DrainReport stop(Consumer<String> progress) {
        if (report != null) {
            return report;
        }
        state.markShuttingDown();
        boolean clean = true;
        List<String> running = List.of();
        try {
            running = jobsIn(JobState.WORKING);
        } catch (RuntimeException e) {
            clean = false;
            LOG.error("Shutdown: cannot list the running jobs: {}", e.getMessage());
        }
        progress.accept("Shutting down: refusing submissions; " + running.size() + " job(s) running"
                + named(running) + (running.isEmpty() ? "" : "; they get " + config.shutdownGrace().toMillis()
                + " ms to finish"));
        try {
            schedules.close(); // before the scheduler: no fire may race its shutdown
            scheduler.shutdown(config.shutdownGrace());
        } catch (RuntimeException e) {
            clean = false;
            LOG.error("Shutdown: stopping the scheduler failed", e);
        }
        List<String> finished = new ArrayList<>();
        List<String> handedBack = new ArrayList<>();
        List<String> unaccounted = new ArrayList<>();
        for (String id : running) {
            try {
                JobState now = scheduler.check(id).map(JobEntry::state).orElse(JobState.WORKING);
                (now == JobState.DONE ? finished : now == JobState.QUEUED ? handedBack : unaccounted).add(id);
            } catch (RuntimeException e) {
                unaccounted.add(id);
            }
        }
        if (!running.isEmpty()) {
            progress.accept("Drain: " + finished.size() + " job(s) finished" + named(finished) + ", "
                    + handedBack.size() + " handed back to the queue to continue at the next start"
                    + named(handedBack));
        }
        if (!unaccounted.isEmpty()) {
            clean = false;
            LOG.error("Shutdown: {} job(s) could not be finished or handed back (the next start recovers them): {}",
                    unaccounted.size(), unaccounted);
        }
        state.markClosing();
        // Open event streams would otherwise hold the HTTP drain to its end; they stayed open so far
        // so that an operator could watch the drain.
        events.shutdown();
        gate.shutdown();
        try {
            if (!gate.awaitShutdown(HTTP_DRAIN_MILLIS)) {
                LOG.warn("Requests still in flight after {} ms: closing them", HTTP_DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
        try {
            storage.close();
        } catch (RuntimeException e) {
            clean = false;
            LOG.error("Shutdown: closing the store failed: {}", e.getMessage());
        }
        report = new DrainReport(running, finished, handedBack, clean);
        progress.accept("Stopped" + (clean ? "" : " (not cleanly: see the errors above)"));
        return report;
    }

    private List<String> jobsIn(JobState jobState) {
        return scheduler.list(Optional.of(jobState), PageRequest.first(MAX_JOBS_NAMED)).items().stream()
                .filter(entry -> entry.lastRunFrom().equals(config.nodeId())).map(JobEntry::jobId).toList();
    }

    private static String named(List<String> ids) {
        return ids.isEmpty() ? "" : ": " + String.join(", ", ids);
    }

    @Override
    public void close() {
        stop();
    }
}
