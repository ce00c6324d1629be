package io.factotum.store.memory;

import io.factotum.store.OutboxContract;
import io.factotum.store.Storage;
import java.time.Clock;

class InMemoryOutboxContractTest extends OutboxContract {
    InMemoryOutboxContractTest() {
        super(false);
    }

    @Override
    protected Storage open(Clock clock) {
        return new InMemoryStorage(clock);
    }
}
