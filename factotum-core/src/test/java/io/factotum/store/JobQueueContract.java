package io.factotum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.factotum.job.JobEntry;
import io.factotum.job.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of {@link JobQueue}, run against every backend. */
public abstract class JobQueueContract extends StorageContractSupport {
    private static final Duration LEASE = Duration.ofSeconds(30);

    protected JobQueueContract(boolean durableAcrossReopen) {
        super(durableAcrossReopen);
    }

    @Test
    void ofSixteenThreadsSubmittingOneIdExactlyOneCreatesIt() throws Exception {
        List<EnqueueResult> results = race(16, () -> storage.queue().enqueue(queuedEntry("same"), 100));

        assertThat(results).filteredOn(r -> r instanceof EnqueueResult.Enqueued).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof EnqueueResult.Duplicate).hasSize(15);
        assertThat(storage.queue().size()).isEqualTo(1);
    }

    @Test
    void aQueuedOrWorkingJobCannotBeSubmittedAgain() {
        StoredJob queued = enqueue("a1");

        EnqueueResult whileQueued = storage.queue().enqueue(queuedEntry("a1"), 100);
        StoredJob working = storage.jobs().update(queued, queued.entry().working(NODE));
        EnqueueResult whileWorking = storage.queue().enqueue(queuedEntry("a1"), 100);

        assertThat(whileQueued).isEqualTo(new EnqueueResult.Duplicate(queued));
        assertThat(whileWorking).isEqualTo(new EnqueueResult.Duplicate(working));
        assertThat(storage.queue().size()).isEqualTo(1);
    }

    @Test
    void aDoneJobCanBeSubmittedAgain() {
        StoredJob job = enqueue("a1");
        Claim claim = storage.queue().claimNext(NODE, LEASE).orElseThrow();
        job = storage.jobs().update(job, job.entry().working(NODE));
        job = storage.jobs().update(job, job.entry().done(RunOutcome.FAILED, NODE));
        storage.queue().ack(claim);

        EnqueueResult again = storage.queue().enqueue(JobEntry.queued(request("a1"), "other-node"), 100);

        assertThat(again).isInstanceOf(EnqueueResult.Enqueued.class);
        assertThat(storage.jobs().get("a1").orElseThrow().entry().lastRunFrom()).isEqualTo("other-node");
        assertThat(storage.queue().claimNext(NODE, LEASE)).map(Claim::jobId).contains("a1");
    }

    @Test
    void onlyAQueuedWaitingEntryCanBeEnqueued() {
        JobEntry working = queuedEntry("a1").working(NODE);

        assertThatThrownBy(() -> storage.queue().enqueue(working, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.queue().enqueue(queuedEntry("a1"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.jobs().get("a1")).isEmpty();
    }

    @Test
    void theQueueIsBoundedByMaxJobsAndClaimedJobsDoNotCount() {
        assertThat(storage.queue().enqueue(queuedEntry("a"), 2)).isInstanceOf(EnqueueResult.Enqueued.class);
        assertThat(storage.queue().enqueue(queuedEntry("b"), 2)).isInstanceOf(EnqueueResult.Enqueued.class);

        assertThat(storage.queue().enqueue(queuedEntry("c"), 2)).isEqualTo(new EnqueueResult.QueueFull(2, 2));
        assertThat(storage.jobs().get("c")).as("a refused job leaves no entry").isEmpty();

        storage.queue().claimNext(NODE, LEASE).orElseThrow();
        assertThat(storage.queue().size()).isEqualTo(1);
        assertThat(storage.queue().enqueue(queuedEntry("c"), 2)).isInstanceOf(EnqueueResult.Enqueued.class);
    }

    @Test
    void theDuplicateCheckComesBeforeTheQueueBound() {
        StoredJob a = enqueue("a");

        assertThat(storage.queue().enqueue(queuedEntry("a"), 1)).isEqualTo(new EnqueueResult.Duplicate(a));
    }

    @Test
    void jobsAreClaimedInSubmissionOrder() {
        List<String> ids = List.of("j3", "j1", "j4", "j1x", "j5", "j9", "j2");
        ids.forEach(this::enqueue);

        assertThat(drain()).containsExactlyElementsOf(ids);
        assertThat(storage.queue().claimNext(NODE, LEASE)).isEmpty();
    }

    @Test
    void aClaimCarriesTheNodeAndLease() {
        enqueue("a1");

        Claim claim = storage.queue().claimNext("node-a", LEASE).orElseThrow();

        assertThat(claim.jobId()).isEqualTo("a1");
        assertThat(claim.nodeId()).isEqualTo("node-a");
        assertThat(claim.claimedAt()).isEqualTo(T0);
        assertThat(claim.leaseExpiresAt()).isEqualTo(T0.plus(LEASE));
        assertThat(storage.queue().size()).isZero();
    }

    @Test
    void ofTwoRacingClaimersExactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            enqueue("job-" + round);
            List<Optional<Claim>> claims = new ArrayList<>(race(2, () -> storage.queue().claimNext(NODE, LEASE)));

            assertThat(claims).filteredOn(Optional::isPresent).as("round %d", round).hasSize(1);
            assertThat(storage.queue().size()).isZero();
        }
    }

    @Test
    void aRenewedLeaseLastsLonger() {
        enqueue("a1");
        Claim claim = storage.queue().claimNext(NODE, LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(20));

        Claim renewed = storage.queue().renew(claim, LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(20));

        assertThat(renewed.leaseExpiresAt()).isEqualTo(T0.plusSeconds(50));
        assertThat(renewed.token()).isEqualTo(claim.token());
        assertThat(storage.queue().expiredClaims()).isEmpty();
    }

    @Test
    void anExpiredClaimCannotBeRenewedAndAnotherNodeTakesTheJobOver() {
        enqueue("a1");
        enqueue("a2");
        Claim dead = storage.queue().claimNext("node-a", LEASE).orElseThrow();
        assertThat(storage.queue().expiredClaims()).isEmpty();

        clock.advance(LEASE);

        assertThat(storage.queue().expiredClaims()).containsExactly(dead);
        assertThat(storage.queue().renew(dead, LEASE)).isEmpty();
        assertThat(storage.queue().release(dead)).isTrue();
        Claim takeover = storage.queue().claimNext("node-b", LEASE).orElseThrow();
        assertThat(takeover.jobId()).as("a released job goes back to the front").isEqualTo("a1");
        assertThat(takeover.nodeId()).isEqualTo("node-b");
        assertThat(takeover.token()).isNotEqualTo(dead.token());
        assertThat(storage.queue().expiredClaims()).isEmpty();
        assertThat(storage.queue().ack(dead)).as("the dead node can no longer ack").isFalse();
        assertThat(storage.queue().release(dead)).as("nor release twice").isFalse();
    }

    @Test
    void expiredClaimsComeOldestExpiryFirst() {
        enqueue("a1");
        enqueue("a2");
        Claim longer = storage.queue().claimNext(NODE, Duration.ofSeconds(60)).orElseThrow();
        Claim shorter = storage.queue().claimNext(NODE, Duration.ofSeconds(10)).orElseThrow();
        clock.advance(Duration.ofSeconds(30));
        assertThat(storage.queue().expiredClaims()).containsExactly(shorter);

        clock.advance(Duration.ofSeconds(30));
        assertThat(storage.queue().expiredClaims()).containsExactly(shorter, longer);
    }

    @Test
    void ackRemovesTheJobForGood() {
        enqueue("a1");
        Claim claim = storage.queue().claimNext(NODE, LEASE).orElseThrow();

        assertThat(storage.queue().ack(claim)).isTrue();

        assertThat(storage.queue().ack(claim)).isFalse();
        assertThat(storage.queue().renew(claim, LEASE)).isEmpty();
        assertThat(storage.queue().release(claim)).isFalse();
        clock.advance(LEASE.multipliedBy(2));
        assertThat(storage.queue().expiredClaims()).isEmpty();
        assertThat(storage.queue().claimNext(NODE, LEASE)).isEmpty();
    }

    @Test
    void ackIsAllowedAfterTheLeaseLapsedIfNobodyTookTheJob() {
        enqueue("a1");
        Claim claim = storage.queue().claimNext(NODE, LEASE).orElseThrow();
        clock.advance(LEASE.multipliedBy(2));

        assertThat(storage.queue().ack(claim)).isTrue();
        assertThat(storage.queue().expiredClaims()).isEmpty();
    }

    @Test
    void releasePutsTheJobBackAtTheFrontOfTheQueue() {
        List.of("a", "b", "c").forEach(this::enqueue);
        Claim a = storage.queue().claimNext(NODE, LEASE).orElseThrow();
        Claim b = storage.queue().claimNext(NODE, LEASE).orElseThrow();

        assertThat(storage.queue().release(b)).isTrue();
        assertThat(storage.queue().release(a)).isTrue();

        assertThat(storage.queue().size()).isEqualTo(3);
        assertThat(drain()).containsExactly("a", "b", "c");
    }

    @Test
    void aReleaseIsNotBoundByMaxJobs() {
        enqueue("a");
        Claim a = storage.queue().claimNext(NODE, LEASE).orElseThrow();
        assertThat(storage.queue().enqueue(queuedEntry("b"), 1)).isInstanceOf(EnqueueResult.Enqueued.class);

        assertThat(storage.queue().release(a)).isTrue();

        assertThat(storage.queue().size()).isEqualTo(2);
        assertThat(storage.queue().enqueue(queuedEntry("c"), 2)).isEqualTo(new EnqueueResult.QueueFull(2, 2));
    }

    @Test
    void aNodesClaimsAreListedSoThatItCanReleaseThemWhenItRestarts() {
        List.of("a", "b", "c", "d").forEach(this::enqueue);
        Claim a = storage.queue().claimNext("node-a", LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        Claim b = storage.queue().claimNext("node-b", LEASE).orElseThrow();
        Claim c = storage.queue().claimNext("node-a", LEASE).orElseThrow();

        List<Claim> held = storage.queue().claimsOf("node-a");

        assertThat(held).containsExactly(a, c);
        assertThat(storage.queue().claimsOf("node-c")).isEmpty();
        assertThat(storage.queue().expiredClaims()).as("none has lapsed").isEmpty();
        assertThat(storage.queue().release(c)).isTrue();
        assertThat(storage.queue().release(a)).isTrue();
        assertThat(storage.queue().claimsOf("node-a")).isEmpty();
        assertThat(storage.queue().claimsOf("node-b")).containsExactly(b);
        assertThat(drain()).containsExactly("a", "c", "d");
    }

    @Test
    void theQueueAndItsClaimsSurviveAReopen() throws Exception {
        List.of("a", "b", "c", "d").forEach(this::enqueue);
        Claim a = storage.queue().claimNext("node-a", LEASE).orElseThrow();
        Claim b = storage.queue().claimNext("node-a", LEASE).orElseThrow();
        storage.queue().ack(b);

        reopen();

        assertThat(storage.queue().size()).isEqualTo(2);
        assertThat(storage.queue().claimsOf("node-a")).containsExactly(a);
        clock.advance(LEASE);
        assertThat(storage.queue().expiredClaims()).containsExactly(a);
        assertThat(storage.queue().release(a)).isTrue();
        enqueue("e");
        assertThat(drain()).containsExactly("a", "c", "d", "e");
    }

    /** Claims and acks every queued job, returning their ids in claim order. */
    private List<String> drain() {
        List<String> ids = new ArrayList<>();
        for (Optional<Claim> claim = storage.queue().claimNext(NODE, LEASE); claim.isPresent();
                claim = storage.queue().claimNext(NODE, LEASE)) {
            ids.add(claim.get().jobId());
            assertThat(storage.queue().ack(claim.get())).isTrue();
        }
        return ids;
    }

    @Test
    void severalNodesRunEveryJobOnceWhenOneDiesHoldingJobs() throws Exception {
        ClusterScenario.run(storage, clock, 4, 40);
    }
}
