package io.factotum.store.consul;

import io.factotum.store.ScheduleStoreContract;
import io.factotum.store.Storage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On a real agent; the cluster day's three nodes are three clients of one namespace. */
class ConsulScheduleStoreContractTest extends ScheduleStoreContract {
    @RegisterExtension
    static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

    private final String namespace = "test/" + UUID.randomUUID();
    private final List<Storage> otherNodes = new ArrayList<>();

    ConsulScheduleStoreContractTest() {
        super(true);
    }

    @Override
    protected Storage open(Clock clock) {
        return ConsulStorage.open(CONSUL.agent().settings(namespace), clock);
    }

    @Override
    protected Storage anotherNode() {
        Storage node = open(clock);
        otherNodes.add(node);
        return node;
    }

    @Override
    protected void cleanup() {
        otherNodes.forEach(Storage::close);
    }
}
