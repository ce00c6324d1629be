package io.factotum.scheduler;

import io.factotum.Factotum;
import io.factotum.engine.TaskState;
import io.factotum.job.JobEntry;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.LastOutcome;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import io.factotum.store.memory.InMemoryStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Must-show 5: resuming a failed job re-runs only the failed and skipped tasks. */
class ResumeTest {
    @TempDir
    Path dir;

    private final ScriptedTaskRunner tasks = new ScriptedTaskRunner();
    private final RecordingSchedulerListener listener = new RecordingSchedulerListener();
    private InMemoryStorage storage;
    private Factotum factotum;

    @BeforeEach
    void start() {
        storage = new InMemoryStorage();
        factotum = Factotum.builder().storage(storage).maxWorkers(2).taskRunner(tasks)
                .gracePeriod(Duration.ofMillis(200)).build().start();
        factotum.addListener(listener);
    }

    @AfterEach
    void stop() {
        factotum.close();
        storage.close();
    }

    /**
     * a → b → c; a → d; e (no-op on 3) → f. b fails the first time; e finishes early, pruning f.
     */
    private Path factfile() {
        return new FactfileWriter("resume").task("a", "exit 0").task("b", "exit 1", "a").task("c", "exit 0", "b")
                .task("d", "exit 0", "a").task("e", "exit 3", List.of(3)).task("f", "exit 0", "e")
                .writeTo(dir.resolve("resume.factfile"));
    }

    private static Map<String, TaskRun> byName(JobRun run) {
        return run.tasks().stream().collect(Collectors.toMap(TaskRun::taskName, Function.identity()));
    }

    @Test
    void resumingAFailedJobRerunsOnlyTheFailedAndSkippedTasks() throws Exception {
        SubmitResult submitted = factotum.submit(SubmitRequest.of("resume", factfile().toString()));
        String id = ((SubmitResult.Accepted) submitted).jobId();

        JobRun first = listener.finished(id, 1);
        assertThat(first.outcome()).contains(RunOutcome.FAILED);
        assertThat(byName(first)).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().state())
                .containsExactlyInAnyOrder("a=SUCCEEDED", "b=FAILED", "c=SKIPPED", "d=SUCCEEDED",
                        "e=SUCCEEDED_NO_OP", "f=SKIPPED");
        assertThat(factotum.check(id).map(JobEntry::lastOutcome)).contains(LastOutcome.FAILED);

        tasks.exitCode("b", 0);
        ResumeResult resumed = factotum.resume(id);
        assertThat(resumed).isInstanceOf(ResumeResult.Resumed.class);
        JobRun second = listener.finished(id, 2);

        assertThat(second.runReference()).isEqualTo(((ResumeResult.Resumed) resumed).runReference())
                .isNotEqualTo(first.runReference());
        assertThat(second.outcome()).contains(RunOutcome.SUCCEEDED);
        Map<String, TaskRun> after = byName(second);
        assertThat(after.get("b").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(after.get("c").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(after.get("f").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(after.get("f").errorMessage()).contains("the task 'e' requested early termination");
        // kept results are the first run's, not new runs
        assertThat(after.get("a").started()).isEqualTo(byName(first).get("a").started());
        assertThat(tasks.started).filteredOn(t -> t.equals("a") || t.equals("d") || t.equals("e")).hasSize(3);
        assertThat(tasks.starts("b")).isEqualTo(2);
        assertThat(tasks.starts("c")).isEqualTo(1);
        assertThat(tasks.starts("f")).isZero();
        assertThat(factotum.check(id).orElseThrow().state()).isEqualTo(JobState.DONE);
        assertThat(factotum.check(id).orElseThrow().lastOutcome()).isEqualTo(LastOutcome.SUCCEEDED);
        assertThat(factotum.runs(id)).extracting(JobRun::runReference)
                .containsExactly(first.runReference(), second.runReference());
    }

    @Test
    void aSucceededJobCannotBeResumed() throws Exception {
        tasks.exitCode("b", 0);
        String id = ((SubmitResult.Accepted) factotum.submit(SubmitRequest.of("resume", factfile().toString())))
                .jobId();
        assertThat(listener.finished(id, 1).outcome()).contains(RunOutcome.SUCCEEDED);

        assertThat(factotum.resume(id)).isInstanceOf(ResumeResult.NotResumable.class);
        assertThat(factotum.resume("no-such-job")).isInstanceOf(ResumeResult.NotFound.class);
    }

    @Test
    void taskTransitionsReachTheListenerAsStored() throws Exception {
        String id = ((SubmitResult.Accepted) factotum.submit(SubmitRequest.of("resume", factfile().toString())))
                .jobId();
        listener.finished(id, 1);

        assertThat(listener.events).filteredOn(SchedulerEvent.TaskChanged.class::isInstance)
                .map(SchedulerEvent.TaskChanged.class::cast)
                .filteredOn(e -> e.transition().taskName().equals("b"))
                .extracting(e -> e.transition().current() + ":" + e.task().state())
                .containsExactly("RUNNING:RUNNING", "FAILED:FAILED");
        assertThat(listener.events.get(0)).isInstanceOf(SchedulerEvent.JobQueued.class);
    }

    @Test
    void aListenerMayResumeTheJobAsSoonAsItFinishes() throws Exception {
        String path = factfile().toString();
        java.util.concurrent.atomic.AtomicInteger resumes = new java.util.concurrent.atomic.AtomicInteger();
        factotum.addListener(event -> {
            if (event instanceof SchedulerEvent.JobFinished done && resumes.getAndIncrement() == 0) {
                tasks.exitCode("b", 0);
                assertThat(factotum.resume(done.jobId())).isInstanceOf(ResumeResult.Resumed.class);
            }
        });
        String id = ((SubmitResult.Accepted) factotum.submit(SubmitRequest.of("resume", path))).jobId();

        assertThat(listener.finished(id, 1).outcome()).contains(RunOutcome.FAILED);
        assertThat(listener.finished(id, 2).outcome()).contains(RunOutcome.SUCCEEDED);
        assertThat(tasks.starts("b")).isEqualTo(2);
    }
}
