package io.factotum.server.guice;

import com.google.inject.Module;
import io.factotum.server.ServerConfig;
import java.time.Clock;
import java.util.List;

/** The one place that picks the variants: the storage backend, the scheduler and how jobs run. */
public final class ServerModules {
    private ServerModules() {
    }

    public static List<Module> forConfig(ServerConfig config, Clock clock) {
        Module storage = switch (config.store()) {
            case ROCKSDB -> new RocksDbStorageModule();
            case MEMORY -> new InMemoryStorageModule();
        };
        boolean external = config.factotumBin().isPresent();
        List<Module> scheduler = switch (config.scheduler()) {
            case LOCAL -> List.of(new LocalSchedulerModule(),
                    external ? new ExternalLauncherModule() : new InProcessLauncherModule());
            case LIBRARY -> List.of(external ? new LibraryExternalSchedulerModule() : new LibrarySchedulerModule());
        };
        List<Module> all = new java.util.ArrayList<>(List.of(new CoreModule(config, clock), new HttpModule(), storage));
        all.addAll(scheduler);
        return all;
    }
}
