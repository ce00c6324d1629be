package io.factotum.store.rocksdb;

import io.factotum.store.OutboxContract;
import io.factotum.store.Storage;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class RocksDbOutboxContractTest extends OutboxContract {
    @TempDir
    Path directory;

    RocksDbOutboxContractTest() {
        super(true);
    }

    @Override
    protected Storage open(Clock clock) {
        return RocksDbStorage.open(directory, clock);
    }
}
