package io.factotum.store.rocksdb;

import io.factotum.store.JobStoreContract;
import io.factotum.store.Storage;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class RocksDbJobStoreContractTest extends JobStoreContract {
    @TempDir
    Path directory;

    RocksDbJobStoreContractTest() {
        super(true);
    }

    @Override
    protected Storage open(Clock clock) {
        return RocksDbStorage.open(directory, clock);
    }
}
