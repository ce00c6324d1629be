package io.factotum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRequest;
import io.factotum.job.JobState;
import io.factotum.job.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several scheduler nodes on one store, one of which dies holding jobs: every job must still run to
 * DONE exactly once. Shared by every backend (db-scheduler's ClusterTests); the nodes here are
 * threads doing what the scheduler will do with the SPI.
 */
public final class ClusterScenario {
    private static final Duration LEASE = Duration.ofSeconds(30);

    private ClusterScenario() {
    }

    public static void run(Storage storage, SettableClock clock, int liveNodes, int jobs) throws Exception {
        for (int i = 0; i < jobs; i++) {
            JobEntry entry = JobEntry.queued(new JobRequest(String.format("job-%04d", i), "n", "/p", List.of()), "submitter");
            assertThat(storage.queue().enqueue(entry, jobs)).isInstanceOf(EnqueueResult.Enqueued.class);
        }
        Map<String, Integer> completions = new ConcurrentHashMap<>();

        // The doomed node takes two jobs, starts one, and dies: no renewals, no acks.
        storage.nodes().heartbeat("doomed", LEASE);
        List<Claim> orphans = List.of(
                storage.queue().claimNext("doomed", LEASE).orElseThrow(),
                storage.queue().claimNext("doomed", LEASE).orElseThrow());
        StoredJob started = storage.jobs().get(orphans.get(0).jobId()).orElseThrow();
        storage.jobs().update(started, started.entry().working("doomed"));

        runNodes(storage, liveNodes, completions);
        assertThat(storage.queue().size()).isZero();
        assertThat(completions).hasSize(jobs - orphans.size());

        // Time passes; the doomed node's leases lapse and a housekeeper hands its jobs back.
        clock.advance(LEASE);
        for (int n = 0; n < liveNodes; n++) {
            storage.nodes().heartbeat("node-" + n, LEASE); // the live nodes kept beating meanwhile
        }
        assertThat(storage.nodes().deadNodes()).extracting(NodeLease::nodeId).containsExactly("doomed");
        assertThat(storage.queue().expiredClaims()).containsExactlyInAnyOrderElementsOf(orphans);
        for (Claim orphan : storage.queue().expiredClaims()) {
            assertThat(storage.queue().release(orphan)).isTrue();
        }
        runNodes(storage, liveNodes, completions);

        assertThat(completions).hasSize(jobs).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(storage.queue().size()).isZero();
        assertThat(storage.queue().expiredClaims()).isEmpty();
        assertThat(storage.jobs().list(JobState.QUEUED, PageRequest.first(10)).items()).isEmpty();
        assertThat(storage.jobs().list(JobState.WORKING, PageRequest.first(10)).items()).isEmpty();
    }

    /** Runs {@code count} nodes until the queue is empty. */
    private static void runNodes(Storage storage, int count, Map<String, Integer> completions) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> nodes = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                String nodeId = "node-" + n;
                nodes.add(pool.submit(() -> {
                    go.await();
                    work(storage, nodeId, completions);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> node : nodes) {
                node.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A node's dispatch loop: claim, mark WORKING (version-checked), "run", mark DONE, ack. */
    private static void work(Storage storage, String nodeId, Map<String, Integer> completions) {
        storage.nodes().heartbeat(nodeId, LEASE);
        for (Optional<Claim> next = storage.queue().claimNext(nodeId, LEASE); next.isPresent();
                next = storage.queue().claimNext(nodeId, LEASE)) {
            Claim claim = next.get();
            StoredJob job = storage.jobs().get(claim.jobId()).orElseThrow();
            if (!job.entry().isDone()) {
                // QUEUED, or WORKING when taking over a dead node's job
                StoredJob working = storage.jobs().update(job, job.entry().working(nodeId));
                completions.merge(claim.jobId(), 1, Integer::sum);
                storage.jobs().update(working, working.entry().done(RunOutcome.SUCCEEDED, nodeId));
            }
            assertThat(storage.queue().ack(claim)).isTrue();
        }
    }
}
