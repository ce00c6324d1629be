package io.factotum.store.memory;

import io.factotum.store.RunHistoryContract;
import io.factotum.store.Storage;
import java.time.Clock;

class InMemoryRunHistoryContractTest extends RunHistoryContract {
    InMemoryRunHistoryContractTest() {
        super(false);
    }

    @Override
    protected Storage open(Clock clock) {
        return new InMemoryStorage(clock);
    }
}
