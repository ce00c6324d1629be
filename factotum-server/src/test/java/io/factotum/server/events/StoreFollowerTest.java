package io.factotum.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.factotum.engine.TaskState;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRequest;
import io.factotum.job.JobRun;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import io.factotum.store.EnqueueResult;
import io.factotum.store.StoredJob;
import io.factotum.store.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store follower on the memory store: another node's run, written step by step to the store, is
 * told in the journal as the local feed would tell it, each fact once, the end only with the entry DONE;
 * this node's own runs are left to the local feed.
 */
class StoreFollowerTest {
    private static final String JOB = "job-1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final InMemoryStorage storage = new InMemoryStorage();
    private final EventJournal journal = new EventJournal(1000);
    private final StoreFollower follower = new StoreFollower(storage, journal, "node-a", Duration.ofMillis(20),
            Duration.ofSeconds(30));
    private final BlockingQueue<ServerEvent> seen = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        follower.close();
        journal.close();
        storage.close();
    }

    private StoredJob enqueue() {
        return enqueue(JOB, "node-a");
    }

    private StoredJob enqueue(String jobId, String byNode) {
        JobEntry entry = JobEntry.queued(new JobRequest(jobId, "two tasks", "/f/two.factfile", List.of()), byNode);
        return ((EnqueueResult.Enqueued) storage.queue().enqueue(entry, 100)).job();
    }

    /** Runs {@code queued} on {@code node} to its end in one step per fact, as a scheduler writes it. */
    private StoredJob runToDone(StoredJob queued, String node, String runReference) {
        StoredJob working = storage.jobs().update(queued, queued.entry().working(node));
        JobRun run = JobRun.started(queued.jobId(), runReference, node, T0)
                .withTasks(List.of(task("first", TaskState.SUCCEEDED, null)));
        storage.runs().save(run.finished(RunOutcome.FAILED, T0.plusSeconds(1)));
        return storage.jobs().update(working, working.entry().done(RunOutcome.FAILED, node));
    }

    private String nextOf(String jobId) throws InterruptedException {
        String e = next();
        assertThat(lastJobId).as(e).isEqualTo(jobId);
        return e;
    }

    private volatile String lastJobId;

    private static TaskRun task(String name, TaskState state, String stdout) {
        boolean finished = state.isFinished();
        return new TaskRun(name, state, finished ? Optional.of(0) : Optional.empty(), Optional.of(T0),
                Optional.empty(), Optional.empty(), Optional.ofNullable(stdout), Optional.empty());
    }

    /** The next event the follower appends, within a deadline. */
    private String next() throws InterruptedException {
        ServerEvent e = seen.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        lastJobId = e.jobId();
        JsonObject o = JsonParser.parseString(e.data()).getAsJsonObject();
        return switch (e.type()) {
            case ServerEvent.TASK -> o.get("task").getAsString() + " " + o.get("state").getAsString();
            case ServerEvent.OUTPUT -> o.get("task").getAsString() + " > " + o.get("line").getAsString();
            default -> (e.isJobDone() ? "finished " : "job ") + o.get("state").getAsString();
        };
    }

    /** Waits (with a deadline) until the follower has read the store twice more: what it would tell is told. */
    private void awaitTwoRounds() throws InterruptedException {
        awaitTwoRounds(follower);
    }

    private static void awaitTwoRounds(StoreFollower follower) throws InterruptedException {
        long target = follower.rounds() + 2;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (follower.rounds() < target) {
            assertThat(System.nanoTime()).as("two rounds within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
            Thread.sleep(1);
        }
    }

    /** The facts of a one-task run to its end that {@link #runToDone} writes, as the follower tells them. */
    private void assertToldRunToDone(String jobId) throws InterruptedException {
        assertThat(nextOf(jobId)).isEqualTo("job WORKING");
        assertThat(nextOf(jobId)).isEqualTo("first RUNNING");
        assertThat(nextOf(jobId)).isEqualTo("first SUCCEEDED");
        assertThat(nextOf(jobId)).isEqualTo("finished DONE");
    }

    /** A follower that reads the store only when the test runs a round (its own are an hour apart). */
    private StoreFollower manualFollower() {
        return new StoreFollower(storage, journal, "node-a", Duration.ofHours(1), Duration.ofSeconds(30));
    }

    private static void runRounds(StoreFollower follower, int rounds) {
        for (int round = 0; round < rounds; round++) {
            follower.runRound();
        }
    }

    @Test
    void anotherNodesRunIsToldStepByStepInOrderAndItsEndOnlyOnceTheEntryIsDone() throws Exception {
        StoredJob queued = enqueue();
        follower.follow(JOB);
        journal.subscribe(journal.lastSeq(), e -> e.jobId().equals(JOB), seen::add);

        StoredJob working = storage.jobs().update(queued, queued.entry().working("node-b"));
        JobRun run = JobRun.started(JOB, "run-1", "node-b", T0);
        storage.runs().save(run.withTasks(List.of(task("first", TaskState.RUNNING, null),
                task("second", TaskState.WAITING, null))));
        assertThat(next()).isEqualTo("job WORKING");
        assertThat(next()).isEqualTo("first RUNNING");

        storage.runs().save(run.withTasks(List.of(task("first", TaskState.SUCCEEDED, "one\ntwo\n"),
                task("second", TaskState.SUCCEEDED, "three\n"))));
        assertThat(next()).isEqualTo("first SUCCEEDED");
        assertThat(next()).isEqualTo("first > one");
        assertThat(next()).isEqualTo("first > two");
        // A transition missed between two reads is still told: RUNNING before its end state.
        assertThat(next()).isEqualTo("second RUNNING");
        assertThat(next()).isEqualTo("second SUCCEEDED");
        assertThat(next()).isEqualTo("second > three");

        JobRun finished = run.withTasks(List.of(task("first", TaskState.SUCCEEDED, "one\ntwo\n"),
                task("second", TaskState.SUCCEEDED, "three\n"))).finished(RunOutcome.SUCCEEDED, T0.plusSeconds(1));
        storage.runs().save(finished);
        awaitTwoRounds();
        assertThat(seen).as("the run has ended, the entry is not DONE yet: no end is told").isEmpty();
        storage.jobs().update(working, working.entry().done(RunOutcome.SUCCEEDED, "node-b"));
        assertThat(next()).isEqualTo("finished DONE");
        awaitTwoRounds();
        assertThat(seen).as("each fact once").isEmpty();
    }

    @Test
    void whatTheStoreHeldWhenFollowingStartedAndThisNodesOwnRunsAreNotTold() throws Exception {
        StoredJob queued = enqueue();
        StoredJob working = storage.jobs().update(queued, queued.entry().working("node-a"));
        JobRun mine = JobRun.started(JOB, "run-1", "node-a", T0);
        storage.runs().save(mine.withTasks(List.of(task("first", TaskState.RUNNING, null))));
        follower.follow(JOB);
        journal.subscribe(journal.lastSeq(), e -> e.jobId().equals(JOB), seen::add);

        storage.runs().save(mine.withTasks(List.of(task("first", TaskState.SUCCEEDED, "mine\n")))
                .finished(RunOutcome.SUCCEEDED, T0));
        storage.jobs().update(working, working.entry().done(RunOutcome.SUCCEEDED, "node-a"));
        awaitTwoRounds();
        assertThat(journal.lastSeq()).isZero();
    }

    @Test
    void catchingUpTellsAtOnceWhatTheStoreGainedSinceTheLastRead() throws Exception {
        try (StoreFollower slow = new StoreFollower(storage, journal, "node-a", Duration.ofHours(1),
                Duration.ofSeconds(30))) {
            StoredJob queued = enqueue();
            slow.follow(JOB);
            journal.subscribe(journal.lastSeq(), e -> e.jobId().equals(JOB), seen::add);
            storage.jobs().update(queued, queued.entry().working("node-b"));
            storage.runs().save(JobRun.started(JOB, "run-1", "node-b", T0)
                    .withTasks(List.of(task("first", TaskState.RUNNING, null))));

            slow.catchUp(JOB); // no read is due for an hour: only this one tells it
            assertThat(journal.lastSeq()).isEqualTo(2);
            assertThat(next()).isEqualTo("job WORKING");
            assertThat(next()).isEqualTo("first RUNNING");
        }
    }

    @Test
    void followingEveryJobReadsTheStoreOnlyWhileAnEventsClientIsConnectedOrLingering() throws Exception {
        try (StoreFollower quick = new StoreFollower(storage, journal, "node-a", Duration.ofMillis(20),
                Duration.ZERO)) {
            enqueue("job-b", "node-b");
            awaitTwoRounds(quick);
            assertThat(quick.storeReads()).as("no client: nothing read").isZero();
            assertThat(quick.allFollowedSince()).isEmpty();

            Runnable release = quick.followAll();
            long since = quick.allFollowedSince().orElseThrow();
            awaitTwoRounds(quick);
            assertThat(quick.storeReads()).as("a client: the active jobs are read").isPositive();
            assertThat(quick.followedCount()).isEqualTo(1);

            release.run();
            awaitTwoRounds(quick); // the linger (none here) ends, and with it the reads
            long reads = quick.storeReads();
            awaitTwoRounds(quick);
            assertThat(quick.storeReads()).as("the client gone: nothing read any more").isEqualTo(reads);
            assertThat(quick.allFollowedSince()).isEmpty();
            assertThat(quick.followedCount()).isZero();
            assertThat(since).as("following began at the journal's position then").isZero();
        }
    }

    @Test
    void whileAllJobsAreFollowedAJobAnotherNodeQueuesIsToldFromItsQueuedToItsDoneAndWhatWasStoredBeforeIsNot()
            throws Exception {
        StoredJob before = enqueue("job-0", "node-b"); // in the store when following begins: the client loaded it
        follower.followAll();
        journal.subscribe(journal.lastSeq(), e -> true, seen::add);

        StoredJob queued = enqueue(JOB, "node-b");
        assertThat(nextOf(JOB)).isEqualTo("job QUEUED");
        StoredJob working = storage.jobs().update(queued, queued.entry().working("node-b"));
        JobRun run = JobRun.started(JOB, "run-1", "node-b", T0);
        storage.runs().save(run.withTasks(List.of(task("first", TaskState.RUNNING, null))));
        assertThat(nextOf(JOB)).isEqualTo("job WORKING");
        assertThat(nextOf(JOB)).isEqualTo("first RUNNING");
        storage.runs().save(run.withTasks(List.of(task("first", TaskState.SUCCEEDED, "one\n")))
                .finished(RunOutcome.SUCCEEDED, T0.plusSeconds(1)));
        storage.jobs().update(working, working.entry().done(RunOutcome.SUCCEEDED, "node-b"));
        // It has left the QUEUED and WORKING lists: read once more, its end is told.
        assertThat(nextOf(JOB)).isEqualTo("first SUCCEEDED");
        assertThat(nextOf(JOB)).isEqualTo("first > one");
        assertThat(nextOf(JOB)).isEqualTo("finished DONE");

        // The job that was stored before: only what happened to it since.
        runToDone(before, "node-b", "run-0");
        assertToldRunToDone("job-0");
        awaitTwoRounds();
        assertThat(seen).as("each fact once").isEmpty();
        assertThat(follower.followedCount()).as("DONE jobs are no longer followed").isZero();
    }

    @Test
    void aJobThisNodeQueuesIsLeftToTheLocalFeedUntilAnotherNodeRunsIt() throws Exception {
        follower.followAll();
        journal.subscribe(journal.lastSeq(), e -> true, seen::add);
        StoredJob queued = enqueue(JOB, "node-a"); // this node's scheduler tells "queued"
        awaitTwoRounds();
        assertThat(seen).isEmpty();
        runToDone(queued, "node-b", "run-1");
        assertToldRunToDone(JOB);
        awaitTwoRounds();
        assertThat(seen).isEmpty();
    }

    @Test
    void aJobFoundAgainAfterItsEndIsToldFromItsNewLifeOnly() throws Exception {
        StoredJob first = enqueue(JOB, "node-b");
        StoredJob done = runToDone(first, "node-b", "run-1");
        storage.queue().ack(storage.queue().claimNext("node-b", Duration.ofMinutes(1)).orElseThrow());
        follower.followAll();
        journal.subscribe(journal.lastSeq(), e -> true, seen::add);

        // Resumed on node B: its pending run continues run-1's record under a new reference.
        storage.runs().save(JobRun.started(JOB, "run-2", "node-b", T0));
        StoredJob queued = enqueue(JOB, "node-b");
        assertThat(queued.version()).isGreaterThan(done.version());
        assertThat(nextOf(JOB)).as("the earlier run is not told again").isEqualTo("job WORKING");
        assertThat(nextOf(JOB)).isEqualTo("job QUEUED");
        StoredJob working = storage.jobs().update(queued, queued.entry().working("node-b"));
        storage.runs().save(JobRun.started(JOB, "run-2", "node-b", T0)
                .withTasks(List.of(task("first", TaskState.RUNNING, null))));
        assertThat(nextOf(JOB)).as("told after the earlier run's end").isEqualTo("first RUNNING");
        storage.runs().save(JobRun.started(JOB, "run-2", "node-b", T0)
                .withTasks(List.of(task("first", TaskState.SUCCEEDED, null))).finished(RunOutcome.SUCCEEDED, T0));
        storage.jobs().update(working, working.entry().done(RunOutcome.SUCCEEDED, "node-b"));
        assertThat(nextOf(JOB)).isEqualTo("first SUCCEEDED");
        assertThat(nextOf(JOB)).isEqualTo("finished DONE");
        awaitTwoRounds();
        assertThat(seen).isEmpty();
    }

    @Test
    void aJobStillFollowedForItsStreamAfterItsEndIsToldAgainOnceItIsSubmittedAnew() throws Exception {
        StoredJob first = enqueue(JOB, "node-b");
        follower.follow(JOB); // a per-job client stays connected after the job's end
        follower.followAll();
        journal.subscribe(journal.lastSeq(), e -> true, seen::add);
        runToDone(first, "node-b", "run-1");
        assertToldRunToDone(JOB);
        storage.queue().ack(storage.queue().claimNext("node-b", Duration.ofMinutes(1)).orElseThrow());

        enqueue(JOB, "node-b");
        assertThat(nextOf(JOB)).isEqualTo("job QUEUED");
        awaitTwoRounds();
        assertThat(seen).isEmpty();
    }

    @Test
    void aJobAnotherNodeQueuesAndEndsBetweenTwoRoundsIsToldByTheDoneListingAndOnlyOnce() throws Exception {
        try (StoreFollower manual = manualFollower()) {
            StoredJob old = runToDone(enqueue("job-0", "node-b"), "node-b", "run-0"); // history: the client loaded it
            storage.queue().ack(storage.queue().claimNext("node-b", Duration.ofMinutes(1)).orElseThrow());
            manual.followAll();
            journal.subscribe(journal.lastSeq(), e -> true, seen::add);

            runToDone(enqueue(JOB, "node-b"), "node-b", "run-1"); // never QUEUED or WORKING when a round lists
            long position = journal.lastSeq();
            runRounds(manual, StoreFollower.DONE_LISTING_ROUNDS - 1);
            assertThat(journal.lastSeq()).as("the DONE entries are not listed every round").isEqualTo(position);
            manual.runRound();
            assertToldRunToDone(JOB);
            long told = journal.lastSeq();
            runRounds(manual, 2 * StoreFollower.DONE_LISTING_ROUNDS);
            assertThat(journal.lastSeq()).as("told once; the job that was DONE before following began is not told")
                    .isEqualTo(told);
            assertThat(old.entry().isDone()).isTrue();
        }
    }

    @Test
    void aJobToldToItsEndWhileActiveIsNotToldAgainByTheDoneListing() throws Exception {
        try (StoreFollower manual = manualFollower()) {
            manual.followAll();
            journal.subscribe(journal.lastSeq(), e -> true, seen::add);
            StoredJob queued = enqueue(JOB, "node-b");
            manual.runRound();
            assertThat(nextOf(JOB)).isEqualTo("job QUEUED");
            runToDone(queued, "node-b", "run-1");
            manual.runRound();
            assertToldRunToDone(JOB);
            long told = journal.lastSeq();
            runRounds(manual, 2 * StoreFollower.DONE_LISTING_ROUNDS);
            assertThat(journal.lastSeq()).isEqualTo(told);
        }
    }
}
