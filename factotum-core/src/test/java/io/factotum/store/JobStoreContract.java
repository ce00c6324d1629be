package io.factotum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.factotum.job.JobEntry;
import io.factotum.job.JobRequest;
import io.factotum.job.JobState;
import io.factotum.job.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of {@link JobStore}, run against every backend. */
public abstract class JobStoreContract extends StorageContractSupport {
    protected JobStoreContract(boolean durableAcrossReopen) {
        super(durableAcrossReopen);
    }

    @Test
    void anUnknownJobIsAbsent() {
        assertThat(storage.jobs().get("nope")).isEmpty();
    }

    @Test
    void anEnqueuedJobCanBeRead() {
        StoredJob created = enqueue("a1");

        assertThat(storage.jobs().get("a1")).contains(created);
        assertThat(created.entry()).isEqualTo(queuedEntry("a1"));
    }

    @Test
    void anUpdateAtTheCurrentVersionIsStoredWithANewVersion() {
        StoredJob created = enqueue("a1");

        StoredJob working = storage.jobs().update(created, created.entry().working("node-b"));

        assertThat(working.version()).isGreaterThan(created.version());
        assertThat(storage.jobs().get("a1")).contains(working);
        assertThat(working.entry().lastRunFrom()).isEqualTo("node-b");
    }

    @Test
    void aStaleUpdateIsRefusedAndChangesNothing() {
        StoredJob created = enqueue("a1");
        StoredJob working = storage.jobs().update(created, created.entry().working(NODE));

        assertThatThrownBy(() -> storage.jobs().update(created, created.entry().done(RunOutcome.FAILED, NODE)))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("a1");
        assertThat(storage.jobs().get("a1")).contains(working);
    }

    @Test
    void anUpdateOfAJobThatDoesNotExistIsAConflict() {
        StoredJob ghost = new StoredJob(queuedEntry("ghost"), 1);

        assertThatThrownBy(() -> storage.jobs().update(ghost, ghost.entry().working(NODE)))
                .isInstanceOf(VersionConflictException.class);
        assertThat(storage.jobs().get("ghost")).isEmpty();
    }

    @Test
    void anUpdateMustKeepTheJobId() {
        StoredJob created = enqueue("a1");

        assertThatThrownBy(() -> storage.jobs().update(created, queuedEntry("b2")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionsNeverRepeatWhenADoneJobIsCreatedAgain() {
        StoredJob first = enqueue("a1");
        StoredJob done = storage.jobs().update(first, first.entry().working(NODE));
        done = storage.jobs().update(done, done.entry().done(RunOutcome.SUCCEEDED, NODE));

        StoredJob again = enqueue("a1");

        assertThat(again.version()).isGreaterThan(done.version());
        // A writer still holding the first incarnation must not overwrite the second.
        StoredJob stale = first;
        assertThatThrownBy(() -> storage.jobs().update(stale, stale.entry().working(NODE)))
                .isInstanceOf(VersionConflictException.class);
    }

    @Test
    void jobsAreListedByStateInIdOrderOnePageAtATime() {
        for (String id : List.of("j5", "j1", "j7", "j3", "j2", "j6", "j4")) {
            enqueue(id);
        }
        for (String id : List.of("j2", "j4")) {
            StoredJob job = storage.jobs().get(id).orElseThrow();
            storage.jobs().update(job, job.entry().working(NODE));
        }

        assertThat(allIds(JobState.QUEUED, 2)).containsExactly("j1", "j3", "j5", "j6", "j7");
        assertThat(allIds(JobState.WORKING, 2)).containsExactly("j2", "j4");
        assertThat(allIds(JobState.DONE, 2)).isEmpty();

        Page<StoredJob> first = storage.jobs().list(JobState.QUEUED, PageRequest.first(2));
        assertThat(first.items()).extracting(StoredJob::jobId).containsExactly("j1", "j3");
        assertThat(first.next()).contains(PageRequest.after("j3", 2));
        Page<StoredJob> exact = storage.jobs().list(JobState.WORKING, PageRequest.first(2));
        assertThat(exact.next()).as("a full last page has no next page").isEmpty();
    }

    @Test
    void jobIdsAreOrderedByCodePoint() {
        // UTF-8 byte order, as RocksDB and Consul keys sort; differs from UTF-16 order for these two.
        for (String id : List.of("b", "\uD83D\uDE00", "\uFFFD", "a")) {
            enqueue(id);
        }

        assertThat(allIds(JobState.QUEUED, 1)).containsExactly("a", "b", "\uFFFD", "\uD83D\uDE00");
    }

    private List<String> allIds(JobState state, int pageSize) {
        List<String> ids = new ArrayList<>();
        Optional<PageRequest> next = Optional.of(PageRequest.first(pageSize));
        int pages = 0;
        while (next.isPresent()) {
            Page<StoredJob> page = storage.jobs().list(state, next.get());
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            page.items().forEach(job -> assertThat(job.entry().state()).isEqualTo(state));
            page.items().forEach(job -> ids.add(job.jobId()));
            next = page.next();
            assertThat(++pages).as("paging terminates").isLessThan(100);
        }
        return ids;
    }

    @Test
    void largeAndUnicodeEntriesAreKeptExactly() {
        List<String> args = List.of("--env", largeText(1_048_576), UNICODE);
        JobEntry entry = JobEntry.queued(new JobRequest("big", UNICODE, "/tmp/" + UNICODE, args), UNICODE);

        storage.queue().enqueue(entry, 10);

        assertThat(storage.jobs().get("big").orElseThrow().entry()).isEqualTo(entry);
    }

    @Test
    void entriesSurviveAReopen() throws Exception {
        StoredJob created = enqueue("a1");
        StoredJob working = storage.jobs().update(enqueue("b2"), queuedEntry("b2").working(NODE));

        reopen();

        assertThat(storage.jobs().get("a1")).contains(created);
        assertThat(storage.jobs().get("b2")).contains(working);
        assertThat(storage.jobs().list(JobState.WORKING, PageRequest.first(10)).items()).containsExactly(working);
        StoredJob next = storage.jobs().update(working, working.entry().done(RunOutcome.SUCCEEDED, NODE));
        assertThat(next.version()).as("versions keep growing after a reopen").isGreaterThan(working.version());
    }

    @Test
    void aClosedStoreRefusesCalls() {
        storage.close();
        storage.close();

        assertThatThrownBy(() -> storage.jobs().get("a1")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> storage.queue().enqueue(queuedEntry("a1"), 10)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> storage.outbox().peek(1)).isInstanceOf(StoreException.class);
    }
}
