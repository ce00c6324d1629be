package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.cli.external.ExternalCliJobRunner;
import io.factotum.server.JobLauncher;
import io.factotum.server.JobRunnerLauncher;
import io.factotum.server.ServerConfig;
import java.nio.file.Path;
import java.util.Optional;

/** {@code --factotum-bin}: jobs run through the external Factotum binary, as in the original. */
public final class ExternalLauncherModule extends AbstractModule {
    @Provides
    @Singleton
    JobLauncher launcher(ServerConfig config) {
        Path bin = config.factotumBin().orElseThrow();
        return new JobRunnerLauncher(new ExternalCliJobRunner(bin), bin.toString(), Optional.empty());
    }
}
