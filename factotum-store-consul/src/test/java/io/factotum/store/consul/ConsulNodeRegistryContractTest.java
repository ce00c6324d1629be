package io.factotum.store.consul;

import io.factotum.store.NodeRegistryContract;
import io.factotum.store.Storage;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConsulNodeRegistryContractTest extends NodeRegistryContract {
    @RegisterExtension
    static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

    /** Each test gets its own namespace on the shared agent, kept across its reopens. */
    private final String namespace = "test/" + UUID.randomUUID();

    ConsulNodeRegistryContractTest() {
        super(true);
    }

    @Override
    protected Storage open(Clock clock) {
        return ConsulStorage.open(CONSUL.agent().settings(namespace), clock);
    }
}
