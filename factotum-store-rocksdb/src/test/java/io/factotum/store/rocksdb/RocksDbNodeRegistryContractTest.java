package io.factotum.store.rocksdb;

import io.factotum.store.NodeRegistryContract;
import io.factotum.store.Storage;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class RocksDbNodeRegistryContractTest extends NodeRegistryContract {
    @TempDir
    Path directory;

    RocksDbNodeRegistryContractTest() {
        super(true);
    }

    @Override
    protected Storage open(Clock clock) {
        return RocksDbStorage.open(directory, clock);
    }
}
