package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.server.FactfileRoots;
import io.factotum.server.JobLauncher;
import io.factotum.server.JobService;
import io.factotum.server.LocalScheduler;
import io.factotum.server.ServerConfig;
import io.factotum.server.ServerMetrics;
import io.factotum.store.Storage;
import java.time.Clock;

/** The server's own scheduler; a launcher module says how jobs run. */
public final class LocalSchedulerModule extends AbstractModule {
    @Provides
    @Singleton
    JobService scheduler(ServerConfig c, Storage storage, Clock clock, JobLauncher launcher, FactfileRoots roots,
            ServerMetrics metrics) {
        return new LocalScheduler(storage, c.nodeId(), c.maxWorkers(), c.maxJobs(), c.jobTimeout(), clock, launcher,
                roots, c.serverArgs(), metrics);
    }
}
