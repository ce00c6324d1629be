package io.factotum.store.rocksdb;

import io.factotum.store.ScheduleStoreContract;
import io.factotum.store.Storage;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** One process holds a RocksDB directory, so the cluster day's nodes share this one client. */
class RocksDbScheduleStoreContractTest extends ScheduleStoreContract {
    @TempDir
    Path directory;

    RocksDbScheduleStoreContractTest() {
        super(true);
    }

    @Override
    protected Storage open(Clock clock) {
        return RocksDbStorage.open(directory, clock);
    }
}
