package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.server.FactfileRoots;
import io.factotum.server.JobService;
import io.factotum.server.ScheduleService;
import io.factotum.server.ServerConfig;
import io.factotum.server.ServerState;
import io.factotum.store.Storage;
import java.time.Clock;

/** The schedules and this node's firer, over whichever store and job service the other modules chose. */
public final class ScheduleModule extends AbstractModule {
    @Provides
    @Singleton
    ScheduleService schedules(Storage storage, JobService jobs, ServerState state, Clock clock, ServerConfig config,
            FactfileRoots roots) {
        return new ScheduleService(storage, jobs, state, clock, config, roots);
    }
}
