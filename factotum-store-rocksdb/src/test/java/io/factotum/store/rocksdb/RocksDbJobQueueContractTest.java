package io.factotum.store.rocksdb;

import io.factotum.store.JobQueueContract;
import io.factotum.store.Storage;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class RocksDbJobQueueContractTest extends JobQueueContract {
    @TempDir
    Path directory;

    RocksDbJobQueueContractTest() {
        super(true);
    }

    @Override
    protected Storage open(Clock clock) {
        return RocksDbStorage.open(directory, clock);
    }
}
