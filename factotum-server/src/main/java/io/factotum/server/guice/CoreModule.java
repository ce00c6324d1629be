package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.server.FactfileRoots;
import io.factotum.server.ServerConfig;
import io.factotum.server.ServerMetrics;
import io.factotum.server.ServerState;
import java.time.Clock;

/** The configuration, the clock, the server state, the metrics and the factfile roots. */
public final class CoreModule extends AbstractModule {
    private final ServerConfig config;
    private final Clock clock;

    public CoreModule(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected void configure() {
        bind(ServerConfig.class).toInstance(config);
        bind(Clock.class).toInstance(clock);
    }

    @Provides
    @Singleton
    ServerState state(Clock c) {
        return new ServerState(c);
    }

    @Provides
    @Singleton
    ServerMetrics metrics() {
        return new ServerMetrics();
    }

    @Provides
    @Singleton
    FactfileRoots roots(ServerConfig c) {
        return FactfileRoots.of(c.factfileRoots());
    }
}
