package io.factotum.store.rocksdb;

import io.factotum.store.RunHistoryContract;
import io.factotum.store.Storage;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class RocksDbRunHistoryContractTest extends RunHistoryContract {
    @TempDir
    Path directory;

    RocksDbRunHistoryContractTest() {
        super(true);
    }

    @Override
    protected Storage open(Clock clock) {
        return RocksDbStorage.open(directory, clock);
    }
}
