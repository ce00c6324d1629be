package io.factotum.store.memory;

import io.factotum.store.JobStoreContract;
import io.factotum.store.Storage;
import java.time.Clock;

class InMemoryJobStoreContractTest extends JobStoreContract {
    InMemoryJobStoreContractTest() {
        super(false);
    }

    @Override
    protected Storage open(Clock clock) {
        return new InMemoryStorage(clock);
    }
}
