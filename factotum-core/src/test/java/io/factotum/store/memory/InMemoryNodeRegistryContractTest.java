package io.factotum.store.memory;

import io.factotum.store.NodeRegistryContract;
import io.factotum.store.Storage;
import java.time.Clock;

class InMemoryNodeRegistryContractTest extends NodeRegistryContract {
    InMemoryNodeRegistryContractTest() {
        super(false);
    }

    @Override
    protected Storage open(Clock clock) {
        return new InMemoryStorage(clock);
    }
}
