package io.factotum.store.memory;

import io.factotum.store.ScheduleStoreContract;
import io.factotum.store.Storage;
import java.time.Clock;

/** The nodes of the cluster day share this one in-memory store. */
class InMemoryScheduleStoreContractTest extends ScheduleStoreContract {
    InMemoryScheduleStoreContractTest() {
        super(false);
    }

    @Override
    protected Storage open(Clock clock) {
        return new InMemoryStorage(clock);
    }
}
