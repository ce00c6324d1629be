package io.factotum.server;

import com.google.inject.Guice;
import com.google.inject.Inject;
import io.factotum.server.guice.ServerModules;
import io.factotum.server.http.Routes;
import io.factotum.store.Storage;
import io.undertow.Undertow;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The running server: the scheduler and the HTTP listener over one store.
 *
 * <p>Shutdown rule ({@link #stop}, also on SIGTERM): submissions are refused and readiness goes
 * DOWN at once; the listener stops accepting connections and in-flight requests get up to
 * {@link #HTTP_DRAIN_MILLIS} to complete; then running jobs get {@code --shutdown-grace} to finish;
 * those still running are stopped and handed back to the queue with their partial run, which the
 * next start continues (tasks that had succeeded are not run again); finally the store is closed.
 */
public final class FactotumServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(FactotumServer.class);
    static final long HTTP_DRAIN_MILLIS = 5_000;

    private final ServerConfig config;
    private final Storage storage;
    private final JobService scheduler;
    private final ServerState state;
    private final Undertow undertow;
    private final GracefulShutdownHandler gate;
    private final Routes routes;
    private final ScheduleService schedules;
    private boolean stopped;

    @Inject
    FactotumServer(ServerConfig config, Storage storage, JobService scheduler, ServerState state,
            Undertow undertow, GracefulShutdownHandler gate, Routes routes, ScheduleService schedules) {
        this.config = config;
        this.storage = storage;
        this.scheduler = scheduler;
        this.state = state;
        this.undertow = undertow;
        this.gate = gate;
        this.routes = routes;
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

    /** The store, for tests that take it away. */
    Storage storage() {
        return storage;
    }

    public ServerConfig config() {
        return config;
    }

    /** Stops as described in the class comment; idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        state.markShuttingDown();
        gate.shutdown();
        try {
            if (!gate.awaitShutdown(HTTP_DRAIN_MILLIS)) {
                LOG.warn("Requests still in flight after {} ms: closing them", HTTP_DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
        schedules.close(); // before the scheduler: no fire may race its shutdown
        scheduler.shutdown(config.shutdownGrace());
        storage.close();
    }

    @Override
    public void close() {
        stop();
    }
}
