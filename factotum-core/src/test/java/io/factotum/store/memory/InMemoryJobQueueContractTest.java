package io.factotum.store.memory;

import io.factotum.store.JobQueueContract;
import io.factotum.store.Storage;
import java.time.Clock;

class InMemoryJobQueueContractTest extends JobQueueContract {
    InMemoryJobQueueContractTest() {
        super(false);
    }

    @Override
    protected Storage open(Clock clock) {
        return new InMemoryStorage(clock);
    }
}
