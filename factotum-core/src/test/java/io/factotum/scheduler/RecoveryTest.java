package io.factotum.scheduler;

import io.factotum.Factotum;
import io.factotum.engine.TaskState;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import io.factotum.store.Claim;
import io.factotum.store.memory.InMemoryStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Recovery in one JVM: a stopped node's jobs continue, a crashed incarnation's and a dead node's claims are taken back. */
class RecoveryTest {
    @TempDir
    Path dir;

    private final ScriptedTaskRunner tasks = new ScriptedTaskRunner();
    private final InMemoryStorage storage = new InMemoryStorage();
    private final List<Factotum> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(Factotum::close);
        storage.close();
    }

    private Factotum node(String nodeId, RecordingSchedulerListener listener, Duration lease) {
        Factotum factotum = Factotum.builder().storage(storage).nodeId(nodeId).maxWorkers(1).taskRunner(tasks)
                .gracePeriod(Duration.ofMillis(200)).lease(lease).build();
        factotum.addListener(listener);
        nodes.add(factotum);
        return factotum;
    }

    private String submit(Factotum factotum, String name, FactfileWriter factfile) {
        SubmitResult result = factotum.submit(SubmitRequest.of(name, factfile.writeTo(dir.resolve(name)).toString()));
        return ((SubmitResult.Accepted) result).jobId();
    }

    @Test
    void aJobStoppedWithItsNodeContinuesAtTheNextStartWithoutRerunningFinishedTasks() throws Exception {
        RecordingSchedulerListener first = new RecordingSchedulerListener();
        Factotum node = node("n1", first, Duration.ofSeconds(30)).start();
        String id = submit(node, "job", new FactfileWriter("job").task("first", "exit 0")
                .task("blocker", "block", "first").task("after", "exit 0", "blocker"));
        assertThat(tasks.startedBlocking.poll(30, TimeUnit.SECONDS)).isEqualTo("blocker");
        String runReference = first.started(id, 1).runReference();

        node.stop();

        assertThat(storage.jobs().get(id).orElseThrow().entry().state()).isEqualTo(JobState.QUEUED);
        JobRun interrupted = storage.runs().runs(id).get(0);
        assertThat(interrupted.isFinished()).isFalse();
        // Killed by the node's shutdown, the blocker is not recorded as failed (RUNNING, or WAITING
        // if the stop came before its start was stored): it runs again.
        assertThat(interrupted.tasks()).extracting(TaskRun::state).satisfiesExactly(
                head -> assertThat(head).isEqualTo(TaskState.SUCCEEDED),
                blocker -> assertThat(blocker).isIn(TaskState.RUNNING, TaskState.WAITING),
                after -> assertThat(after).isEqualTo(TaskState.WAITING));

        tasks.exitCode("blocker", 0);
        RecordingSchedulerListener second = new RecordingSchedulerListener();
        node("n1", second, Duration.ofSeconds(30)).start();
        JobRun run = second.finished(id, 1);

        assertThat(run.runReference()).isEqualTo(runReference);
        assertThat(run.outcome()).contains(RunOutcome.SUCCEEDED);
        assertThat(tasks.starts("first")).isEqualTo(1);
        assertThat(tasks.starts("blocker")).isEqualTo(2);
        assertThat(tasks.starts("after")).isEqualTo(1);
        assertThat(storage.runs().runs(id)).hasSize(1);
    }

    @Test
    void claimsOfTheCrashedIncarnationAreReleasedInOrderAtStart() throws Exception {
        RecordingSchedulerListener listener = new RecordingSchedulerListener();
        Factotum node = node("n1", listener, Duration.ofSeconds(30));
        List<String> ids = new ArrayList<>();
        for (String name : List.of("j1", "j2", "j3")) {
            ids.add(submit(node, name, new FactfileWriter(name).task(name + "-task", "exit 0")));
        }
        // As if the previous incarnation of n1 had taken j1 and j2 and died.
        Claim c1 = storage.queue().claimNext("n1", Duration.ofHours(1)).orElseThrow();
        Claim c2 = storage.queue().claimNext("n1", Duration.ofHours(1)).orElseThrow();
        JobEntry queued = storage.jobs().get(c1.jobId()).orElseThrow().entry();
        storage.jobs().update(storage.jobs().get(c1.jobId()).orElseThrow(), queued.working("n1"));
        assertThat(List.of(c1.jobId(), c2.jobId())).isEqualTo(ids.subList(0, 2));

        node.start();
        for (String id : ids) {
            assertThat(listener.finished(id, 1).outcome()).contains(RunOutcome.SUCCEEDED);
        }

        assertThat(listener.events).filteredOn(SchedulerEvent.JobStarted.class::isInstance)
                .extracting(SchedulerEvent::jobId).containsExactlyElementsOf(ids);
        assertThat(tasks.started).containsExactly("j1-task", "j2-task", "j3-task");
    }

    @Test
    void aDeadNodesJobIsTakenOverOnceItsLeaseLapses() throws Exception {
        RecordingSchedulerListener listener = new RecordingSchedulerListener();
        Factotum node = node("alive", listener, Duration.ofMillis(300));
        String id = submit(node, "orphan", new FactfileWriter("orphan").task("t", "exit 0"));
        // Claimed by a node that dies at once: its lease lapses, nobody renews it.
        storage.queue().claimNext("dead", Duration.ofMillis(1)).orElseThrow();

        node.start();

        assertThat(listener.finished(id, 1).outcome()).contains(RunOutcome.SUCCEEDED);
        assertThat(storage.jobs().get(id).orElseThrow().entry().lastRunFrom()).isEqualTo("alive");
    }
}
