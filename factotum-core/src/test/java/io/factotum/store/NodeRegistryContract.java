package io.factotum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract of {@link NodeRegistry}, run against every backend. */
public abstract class NodeRegistryContract extends StorageContractSupport {
    private static final Duration TTL = Duration.ofSeconds(15);

    protected NodeRegistryContract(boolean durableAcrossReopen) {
        super(durableAcrossReopen);
    }

    @Test
    void aHeartbeatRegistersALiveNode() {
        NodeLease lease = storage.nodes().heartbeat("node-a", TTL);

        assertThat(lease).isEqualTo(new NodeLease("node-a", T0, T0, T0.plus(TTL)));
        assertThat(storage.nodes().liveNodes()).containsExactly(lease);
        assertThat(storage.nodes().deadNodes()).isEmpty();
    }

    @Test
    void aNodeThatStopsBeatingIsDeadAndComesBackWhenItBeatsAgain() {
        storage.nodes().heartbeat("node-b", TTL);
        storage.nodes().heartbeat("node-a", TTL);
        clock.advance(Duration.ofSeconds(10));
        NodeLease a = storage.nodes().heartbeat("node-a", TTL);
        clock.advance(Duration.ofSeconds(5));

        assertThat(storage.nodes().liveNodes()).containsExactly(a);
        assertThat(storage.nodes().deadNodes()).extracting(NodeLease::nodeId).containsExactly("node-b");

        NodeLease back = storage.nodes().heartbeat("node-b", TTL);

        assertThat(back.firstSeen()).as("a node keeps its first registration").isEqualTo(T0);
        assertThat(back.lastHeartbeat()).isEqualTo(T0.plusSeconds(15));
        assertThat(storage.nodes().liveNodes()).extracting(NodeLease::nodeId).containsExactly("node-a", "node-b");
    }

    @Test
    void aRemovedNodeIsNeitherLiveNorDead() {
        storage.nodes().heartbeat("node-a", TTL);

        assertThat(storage.nodes().remove("node-a")).isTrue();
        assertThat(storage.nodes().remove("node-a")).isFalse();

        assertThat(storage.nodes().liveNodes()).isEmpty();
        clock.advance(TTL);
        assertThat(storage.nodes().deadNodes()).isEmpty();
    }

    @Test
    void nodesSurviveAReopen() throws Exception {
        NodeLease a = storage.nodes().heartbeat("node-a", TTL);

        reopen();

        assertThat(storage.nodes().liveNodes()).containsExactly(a);
        clock.advance(TTL);
        assertThat(storage.nodes().deadNodes()).containsExactly(a);
    }
}
