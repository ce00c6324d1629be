package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.engine.JobExecutor;
import io.factotum.engine.ProcessTaskRunner;
import io.factotum.server.InProcessLauncher;
import io.factotum.server.JobLauncher;
import io.factotum.server.ServerConfig;
import io.factotum.server.ServerMetrics;
import java.time.Clock;

/** No {@code --factotum-bin}: jobs run on the in-process engine. */
public final class InProcessLauncherModule extends AbstractModule {
    @Provides
    @Singleton
    JobLauncher launcher(ServerConfig config, Clock clock, ServerMetrics metrics) {
        return new InProcessLauncher(new JobExecutor(new ProcessTaskRunner(), clock), config.schedule(), clock, metrics);
    }
}
