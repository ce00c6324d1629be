package io.factotum.store.consul;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One dev {@link ConsulAgent} per test class: {@code @RegisterExtension static final
 * ConsulAgentExtension CONSUL = new ConsulAgentExtension();}. Skips the class when there is no
 * binary (fails under {@code CI=true}).
 */
public final class ConsulAgentExtension implements BeforeAllCallback, AfterAllCallback {
    private ConsulAgent agent;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        agent = ConsulAgent.dev();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    public ConsulAgent agent() {
        if (agent == null) {
            throw new IllegalStateException("The Consul agent is not running (outside the test class?)");
        }
        return agent;
    }
}
