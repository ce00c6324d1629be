package io.factotum.server.guice;

import com.google.inject.Module;
import io.factotum.server.ServerConfig;
import java.time.Clock;
import java.util.List;

/** The one place that picks the variants: the storage backend, and in-process or external runs. */
public final class ServerModules {
    private ServerModules() {
    }

    public static List<Module> forConfig(ServerConfig config, Clock clock) {
        Module storage = switch (config.store()) {
            case ROCKSDB -> new RocksDbStorageModule();
            case MEMORY -> new InMemoryStorageModule();
            case CONSUL -> new ConsulStorageModule();
        };
        Module scheduler = config.factotumBin().isPresent() ? new ExternalSchedulerModule() : new SchedulerModule();
        return List.of(new CoreModule(config, clock), new HttpModule(), storage, scheduler, new ScheduleModule());
    }
}
