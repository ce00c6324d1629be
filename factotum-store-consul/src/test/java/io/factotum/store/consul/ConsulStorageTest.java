package io.factotum.store.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRequest;
import io.factotum.job.JobState;
import io.factotum.store.EnqueueResult;
import io.factotum.store.PageRequest;
import io.factotum.store.StoreException;
import io.factotum.store.StoredJob;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the contracts do not cover: Consul's own concerns (keys, sessions, ACLs, an absent agent). */
class ConsulStorageTest {
    @RegisterExtension
    static final ConsulAgentExtension CONSUL = new ConsulAgentExtension();

    private final String namespace = "test/" + UUID.randomUUID();

    private static JobEntry entry(String jobId) {
        return JobEntry.queued(new JobRequest(jobId, "n", "/p", List.of()), "node-a");
    }

    @Test
    void idsThatAreNotOneKeySegmentRoundTripAndListInOrder() {
        List<String> ids = List.of("a/b", "a%2Fb", "100%", "tab\there", "ctl\u0001", "plain", ".", "..", "...");
        try (ConsulStorage store = ConsulStorage.open(CONSUL.agent().settings(namespace), Clock.systemUTC())) {
            for (String id : ids) {
                assertThat(store.queue().enqueue(entry(id), 100)).isInstanceOf(EnqueueResult.Enqueued.class);
            }
            for (String id : ids) {
                assertThat(store.jobs().get(id)).map(StoredJob::jobId).contains(id);
                assertThat(store.queue().enqueue(entry(id), 100)).as(id).isInstanceOf(EnqueueResult.Duplicate.class);
            }
            assertThat(store.jobs().list(JobState.QUEUED, PageRequest.first(100)).items()).extracting(StoredJob::jobId)
                    .containsExactlyInAnyOrderElementsOf(ids);
            // A dot-segment id must not resolve to another key (here the namespace's parent).
            assertThat(store.runs().runs("..")).isEmpty();
            store.runs().save(io.factotum.job.JobRun.started("..", "..", "node-a", java.time.Instant.EPOCH));
            assertThat(store.runs().get("..", "..")).isPresent();
            assertThat(store.runs().runs(".")).isEmpty();
        }
    }

    @Test
    void aHeartbeatHoldsTheNodesSessionKeyAndRemovalEndsIt() {
        ConsulKeys keys = new ConsulKeys(namespace);
        try (ConsulStorage store = ConsulStorage.open(CONSUL.agent().settings(namespace), Clock.systemUTC());
                ConsulKv kv = new ConsulKv(CONSUL.agent().settings(namespace))) {
            store.nodes().heartbeat("node-a", Duration.ofSeconds(10));
            store.nodes().heartbeat("node-a", Duration.ofSeconds(10)); // a renewal, not a second session

            assertThat(kv.get(keys.live("node-a"))).map(ConsulKv.Entry::value).contains("node-a");
            assertThat(store.nodes().remove("node-a")).isTrue();
            assertThat(kv.get(keys.live("node-a"))).as("destroying the session deletes its key").isEmpty();
        }
    }

    @Test
    void deleteIfPresentDeletesOnceAndSaysWhetherItDid() {
        String key = namespace + "/some-key";
        try (ConsulKv kv = new ConsulKv(CONSUL.agent().settings(namespace))) {
            kv.put(key, "v");
            assertThat(kv.deleteIfPresent(key)).isTrue();
            assertThat(kv.get(key)).isEmpty();
            assertThat(kv.deleteIfPresent(key)).as("already gone").isFalse();
        }
    }

    @Test
    void anAgentThatIsNotThereFailsEveryCallWithAStoreException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConsulSettings nowhere = new ConsulSettings("127.0.0.1", closedPort, namespace, Optional.empty(), Duration.ofSeconds(2));
        try (ConsulStorage store = ConsulStorage.open(nowhere, Clock.systemUTC())) {
            assertThat(store.isReachable()).isFalse();
            assertThatThrownBy(() -> store.queue().enqueue(entry("a"), 10)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("Consul is unreachable");
            assertThatThrownBy(() -> store.queue().size()).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.jobs().get("a")).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void aHungAgentFailsACallWithinTheRequestTimeoutNotTheBlockingQueryWait() throws Exception {
        try (ConsulAgent hung = ConsulAgent.dev()) {
            ConsulSettings base = hung.settings(namespace);
            ConsulSettings quick = new ConsulSettings(base.host(), base.port(), namespace, Optional.empty(), Duration.ofSeconds(1));
            try (ConsulStorage store = ConsulStorage.open(quick, Clock.systemUTC())) {
                assertThat(store.queue().size()).isZero();
                hung.pause();
                try {
                    long started = System.nanoTime();
                    assertThatThrownBy(() -> store.queue().size()).isInstanceOf(StoreException.class);
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    // A blocking query may wait 20 s; an ordinary call must give up after about its 1 s.
                    assertThat(took).isLessThan(Duration.ofSeconds(5));
                } finally {
                    hung.resume();
                }
                assertThat(store.queue().size()).as("answers again once thawed").isZero();
            }
        }
    }

    @Test
    void anAclProtectedClusterNeedsTheToken() throws Exception {
        String acl = "acl { enabled = true default_policy = \"deny\" tokens { initial_management = \"root-token\" } }";
        try (ConsulAgent secured = ConsulAgent.dev(acl)) {
            ConsulSettings without = secured.settings(namespace);
            ConsulSettings with = new ConsulSettings(without.host(), without.port(), namespace, Optional.of("root-token"),
                    without.requestTimeout());
            try (ConsulStorage anonymous = ConsulStorage.open(without, Clock.systemUTC());
                    ConsulStorage authorised = ConsulStorage.open(with, Clock.systemUTC())) {
                assertThatThrownBy(() -> anonymous.queue().enqueue(entry("a"), 10)).isInstanceOf(StoreException.class)
                        .hasMessageContaining("403");
                assertThat(authorised.queue().enqueue(entry("a"), 10)).isInstanceOf(EnqueueResult.Enqueued.class);
                assertThat(authorised.jobs().get("a")).isPresent();
            }
        }
    }

    @Test
    void aBadNamespaceIsRefused() {
        for (String bad : List.of("", "/abs", "trailing/", "a//b", "ctl\u0001", "a/../b", ".", "a/.", "50%")) {
            assertThatThrownBy(() -> ConsulSettings.of("127.0.0.1", 8500, bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid Consul namespace");
        }
    }
}
