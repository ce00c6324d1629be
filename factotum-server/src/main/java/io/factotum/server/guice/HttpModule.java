package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.server.JobService;
import io.factotum.server.ServerConfig;
import io.factotum.server.ServerMetrics;
import io.factotum.server.ServerState;
import io.factotum.server.http.HttpResponse;
import io.factotum.server.events.EventIds;
import io.factotum.server.events.EventJournal;
import io.factotum.server.events.JournalFeed;
import io.factotum.server.events.RunningTails;
import io.factotum.server.events.StoreFollower;
import io.factotum.server.http.EventStreamHandler;
import io.factotum.server.http.Routes;
import io.factotum.server.http.ServerRoutes;
import io.factotum.server.http.StaticAssets;
import io.factotum.server.http.TokenAuthHandler;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xnio.Options;

/** The routes and the Undertow server, built but not started. */
public final class HttpModule extends AbstractModule {
    /** Largest request head (request line and headers); larger requests are refused by Undertow. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final String UI_FOLDER = "io/factotum/server/ui";
    static final String DOCS_FOLDER = "io/factotum/server/docs";
    /** Swagger UI's files in its WebJar, under the version the WebJar itself declares. */
    static final String SWAGGER_UI_FOLDER = "META-INF/resources/webjars/swagger-ui/" + webJarVersion("swagger-ui");
    /** The dashboard loads and talks to nothing but this server. */
    static final String UI_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Swagger UI sets inline styles and uses data: images; it still loads from and talks to this server only. */
    static final String DOCS_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private static String webJarVersion(String artifact) {
        String properties = "META-INF/maven/org.webjars/" + artifact + "/pom.properties";
        try (java.io.InputStream in = HttpModule.class.getClassLoader().getResourceAsStream(properties)) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "missing");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Provides
    @Singleton
    Routes routes(ServerConfig config, ServerState state, JobService jobs, ServerMetrics metrics,
            EventStreamHandler events, io.factotum.server.ScheduleService schedules) {
        return ServerRoutes.create(config, state, jobs, metrics, events, schedules);
    }

    /** The live events: a journal fed by the scheduler, and its Server-Sent Events endpoints. */
    @Provides
    @Singleton
    EventStreamHandler events(JobService jobs, Clock clock, ServerConfig config, io.factotum.store.Storage storage) {
        EventJournal journal = new EventJournal(EventJournal.DEFAULT_CAPACITY);
        RunningTails tails = new RunningTails(EventStreamHandler.REPLAY_LINES_PER_TASK);
        JournalFeed feed = new JournalFeed(journal, tails);
        jobs.addListeners(feed, feed);
        // A store that archives factfiles is shared by several nodes: the jobs they run are followed from it.
        Optional<StoreFollower> follower = storage.factfiles().isPresent()
                ? Optional.of(new StoreFollower(storage, journal, config.nodeId(), StoreFollower.DEFAULT_INTERVAL,
                        StoreFollower.DEFAULT_LINGER))
                : Optional.empty();
        return new EventStreamHandler(journal, tails, follower, jobs, EventIds.startedAt(clock.millis()),
                EventStreamHandler.DEFAULT_MAX_CLIENTS, EventStreamHandler.DEFAULT_MAX_PENDING_BYTES);
    }

    @Provides
    @Singleton
    GracefulShutdownHandler gate(ServerConfig config, Routes routes) {
        HttpHandler api = routes.handler();
        StaticAssets ui = new StaticAssets("/ui", List.of(UI_FOLDER), UI_POLICY);
        StaticAssets docs = new StaticAssets("/docs", List.of(DOCS_FOLDER, SWAGGER_UI_FOLDER), DOCS_POLICY);
        HttpHandler handler = exchange -> {
            String path = exchange.getRequestPath();
            if (ui.serves(path)) {
                ui.handleRequest(exchange);
            } else if (docs.serves(path)) {
                docs.handleRequest(exchange);
            } else {
                api.handleRequest(exchange);
            }
        };
        if (config.apiToken().isPresent()) {
            handler = new TokenAuthHandler(config.apiToken().get(), Set.copyOf(ServerRoutes.OPEN_PATHS),
                    ServerRoutes.OPEN_PREFIXES, handler);
        }
        return new GracefulShutdownHandler(handler);
    }

    @Provides
    @Singleton
    Undertow undertow(ServerConfig config, ServerState state, GracefulShutdownHandler gate) {
        // Reads keep answering while jobs drain (submissions are refused by their handlers); once
        // the listener closes, new requests get the JSON 503 (the gate alone would answer an empty one).
        HttpHandler front = exchange -> {
            if (state.isClosing()) {
                Routes.respond(exchange, HttpResponse.message(503, "Server is shutting down"));
            } else {
                gate.handleRequest(exchange);
            }
        };
        return Undertow.builder()
                .addHttpListener(config.port(), config.ip())
                .setHandler(front)
                .setIoThreads(2)
                .setWorkerThreads(16)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.MAX_HEADERS, 100)
                .setServerOption(UndertowOptions.MAX_PARAMETERS, 200)
                // a client that is slow to send its request head or goes quiet is dropped
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, 60_000)
                // at most this many open connections: past it, accepting pauses and new clients
                // wait in the kernel's backlog instead of holding heap for half-sent bodies
                .setSocketOption(Options.CONNECTION_HIGH_WATER, config.maxConnections())
                .setSocketOption(Options.CONNECTION_LOW_WATER, config.maxConnections())
                .build();
    }
}
