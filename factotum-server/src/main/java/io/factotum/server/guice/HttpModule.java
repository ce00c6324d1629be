package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.server.JobService;
import io.factotum.server.ServerConfig;
import io.factotum.server.ServerMetrics;
import io.factotum.server.ServerState;
import io.factotum.server.http.HttpResponse;
import io.factotum.server.http.Routes;
import io.factotum.server.http.ServerRoutes;
import io.factotum.server.http.TokenAuthHandler;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.util.Set;

/** The routes and the Undertow server, built but not started. */
public final class HttpModule extends AbstractModule {
    /** Largest request head (request line and headers); larger requests are refused by Undertow. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    @Provides
    @Singleton
    Routes routes(ServerConfig config, ServerState state, JobService jobs, ServerMetrics metrics,
            io.factotum.server.ScheduleService schedules) {
        return ServerRoutes.create(config, state, jobs, metrics, schedules);
    }

    @Provides
    @Singleton
    GracefulShutdownHandler gate(ServerConfig config, Routes routes) {
        HttpHandler handler = routes.handler();
        if (config.apiToken().isPresent()) {
            handler = new TokenAuthHandler(config.apiToken().get(), Set.copyOf(ServerRoutes.OPEN_PATHS), handler);
        }
        return new GracefulShutdownHandler(handler);
    }

    @Provides
    @Singleton
    Undertow undertow(ServerConfig config, ServerState state, GracefulShutdownHandler gate) {
        // Once shutting down, new requests get the JSON 503 (the gate alone would answer an empty one).
        HttpHandler front = exchange -> {
            if (state.isShuttingDown()) {
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
                .build();
    }
}
