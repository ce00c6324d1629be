package io.factotum.server.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.factotum.server.ServerConfig;
import io.factotum.store.Storage;
import io.factotum.store.rocksdb.RocksDbStorage;
import java.time.Clock;

/** {@code --store rocksdb} (default): a local RocksDB in {@code --data-dir}, opened when first needed. */
public final class RocksDbStorageModule extends AbstractModule {
    @Provides
    @Singleton
    Storage storage(ServerConfig config, Clock clock) {
        return RocksDbStorage.open(config.dataDir(), clock);
    }
}
