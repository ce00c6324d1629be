package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.cli.external.ExternalCliJobRunner;
import io.factotum.scheduler.JobRunner;
import io.factotum.server.EscapingJobRunner;
import io.factotum.server.FactfileRoots;
import io.factotum.server.FactotumJobService;
import io.factotum.server.JobService;
import io.factotum.server.ServerConfig;
import io.factotum.server.ServerMetrics;
import io.factotum.store.Storage;
import java.time.Clock;

/** {@code --factotum-bin}: the scheduler library running jobs through the external binary, as the original. */
public final class ExternalSchedulerModule extends AbstractModule {
    @Provides
    @Singleton
    JobService scheduler(ServerConfig c, Storage storage, Clock clock, FactfileRoots roots, ServerMetrics metrics) {
        JobRunner runner = new ExternalCliJobRunner(c.factotumBin().orElseThrow());
        if (!c.shellVariables()) {
            runner = new EscapingJobRunner(runner); // ruling 10
        }
        return new FactotumJobService(SchedulerModule.Factotums.builder(c, storage, clock, metrics).runner(runner).build(),
                storage, roots, metrics);
    }
}
