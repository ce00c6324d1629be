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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Must-show 6: a job outliving its timeout is stopped and recorded TIMED_OUT; cancel on queued and running jobs. */
class TimeoutAndCancelTest {
    @TempDir
    Path dir;

    private final ScriptedTaskRunner tasks = new ScriptedTaskRunner();
    private final RecordingSchedulerListener listener = new RecordingSchedulerListener();
    private final InMemoryStorage storage = new InMemoryStorage();
    private Factotum factotum;

    private void start(Factotum.Builder builder) {
        factotum = builder.storage(storage).taskRunner(tasks).gracePeriod(Duration.ofMillis(200)).build().start();
        factotum.addListener(listener);
    }

    @AfterEach
    void stop() {
        if (factotum != null) {
            factotum.close();
        }
        storage.close();
    }

    /** first → blocker → after. */
    private Path blockingFactfile(String name) {
        return new FactfileWriter(name).task("first", "exit 0").task("blocker", "block", "first")
                .task("after", "exit 0", "blocker").writeTo(dir.resolve(name + ".factfile"));
    }

    private String submit(SubmitRequest request) {
        SubmitResult result = factotum.submit(request);
        assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
        return ((SubmitResult.Accepted) result).jobId();
    }

    private static TaskRun task(JobRun run, String name) {
        return run.tasks().stream().filter(t -> t.taskName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aJobThatOutlivesTheTimeoutIsStoppedAndRecordedTimedOut() throws Exception {
        start(Factotum.builder().maxWorkers(1).jobTimeout(Duration.ofMillis(300)));
        String id = submit(SubmitRequest.of("slow", blockingFactfile("slow").toString()));

        JobRun run = listener.finished(id, 1);

        assertThat(run.outcome()).contains(RunOutcome.TIMED_OUT);
        assertThat(task(run, "first").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(task(run, "blocker").state()).isEqualTo(TaskState.FAILED);
        assertThat(task(run, "blocker").stderr()).contains("terminated");
        assertThat(tasks.starts("after")).isZero();
        JobEntry entry = factotum.check(id).orElseThrow();
        assertThat(entry.state()).isEqualTo(JobState.DONE);
        assertThat(entry.lastOutcome()).isEqualTo(LastOutcome.FAILED);
        assertThat(factotum.runs(id)).singleElement().extracting(JobRun::outcome)
                .isEqualTo(java.util.Optional.of(RunOutcome.TIMED_OUT));
    }

    @Test
    void aRequestTimeoutOverridesTheDefault() throws Exception {
        start(Factotum.builder().maxWorkers(1).jobTimeout(Duration.ofHours(1)));
        String id = submit(SubmitRequest.of("slow", blockingFactfile("slow").toString())
                .withTimeout(Duration.ofMillis(200)));

        assertThat(listener.finished(id, 1).outcome()).contains(RunOutcome.TIMED_OUT);
    }

    @Test
    void cancelStopsARunningJobAndCancelsAQueuedOne() throws Exception {
        start(Factotum.builder().maxWorkers(1));
        String running = submit(SubmitRequest.of("running", blockingFactfile("running").toString()));
        assertThat(tasks.startedBlocking.poll(30, TimeUnit.SECONDS)).isEqualTo("blocker");
        Path queuedFile = new FactfileWriter("queued").task("never", "exit 0").writeTo(dir.resolve("q.factfile"));
        String queued = submit(SubmitRequest.of("queued", queuedFile.toString()));
        Path laterFile = new FactfileWriter("later").task("later", "exit 0").writeTo(dir.resolve("l.factfile"));
        String later = submit(SubmitRequest.of("later", laterFile.toString()));

        assertThat(factotum.cancel(queued)).isEqualTo(CancelResult.CANCELLED);
        assertThat(factotum.check(queued).orElseThrow().state()).isEqualTo(JobState.DONE);
        assertThat(listener.finished(queued, 1).outcome()).contains(RunOutcome.CANCELLED);
        assertThat(factotum.cancel(queued)).isEqualTo(CancelResult.NOT_ACTIVE);

        assertThat(factotum.cancel(running)).isEqualTo(CancelResult.STOPPING);
        JobRun stopped = listener.finished(running, 1);
        assertThat(stopped.outcome()).contains(RunOutcome.CANCELLED);
        // SIGTERMed, the blocker fails and prunes its child, as in Factotum (spec 4.8).
        assertThat(task(stopped, "blocker").state()).isEqualTo(TaskState.FAILED);
        assertThat(task(stopped, "after").state()).isEqualTo(TaskState.SKIPPED);

        // The job queued after the cancelled one runs; the cancelled one never did.
        assertThat(listener.finished(later, 1).outcome()).contains(RunOutcome.SUCCEEDED);
        assertThat(tasks.starts("never")).isZero();
        assertThat(factotum.runs(queued)).singleElement().extracting(JobRun::outcome)
                .isEqualTo(java.util.Optional.of(RunOutcome.CANCELLED));
        assertThat(factotum.cancel("unknown")).isEqualTo(CancelResult.NOT_FOUND);
    }

    @Test
    void aCancelledJobIsLoggedAsACancellationNotAFailure() throws Exception {
        // Issue 7 item 14: a cancellation is what the operator asked for, not an ERROR.
        start(Factotum.builder().maxWorkers(1));
        try (LogCapture log = LogCapture.of(JobWorker.class)) {
            String running = submit(SubmitRequest.of("running", blockingFactfile("running").toString()));
            assertThat(tasks.startedBlocking.poll(30, TimeUnit.SECONDS)).isEqualTo("blocker");
            assertThat(factotum.cancel(running)).isEqualTo(CancelResult.STOPPING);
            assertThat(listener.finished(running, 1).outcome()).contains(RunOutcome.CANCELLED);

            assertThat(log.lines()).contains("INFO CANCELLED JOB REQ jobId:[" + running + "]")
                    .noneMatch(line -> line.startsWith("ERROR"));
        }
    }

    @Test
    void aCancelledJobCanBeResumedAndRunsWhatNeverStarted() throws Exception {
        start(Factotum.builder().maxWorkers(1));
        String id = submit(SubmitRequest.of("running", blockingFactfile("running").toString()));
        assertThat(tasks.startedBlocking.poll(30, TimeUnit.SECONDS)).isEqualTo("blocker");
        factotum.cancel(id);
        listener.finished(id, 1);

        tasks.exitCode("blocker", 0);
        assertThat(factotum.resume(id)).isInstanceOf(ResumeResult.Resumed.class);
        JobRun resumed = listener.finished(id, 2);

        assertThat(resumed.outcome()).contains(RunOutcome.SUCCEEDED);
        assertThat(tasks.starts("first")).isEqualTo(1);
        assertThat(tasks.starts("after")).isEqualTo(1);
    }

    @Test
    void aJobCancelledWhileQueuedAndSubmittedAgainRunsOnce() throws Exception {
        start(Factotum.builder().maxWorkers(2));
        String r1 = submit(SubmitRequest.of("r1", blockingFactfile("r1").toString()));
        String r2 = submit(SubmitRequest.of("r2", new FactfileWriter("r2").task("r2-block", "block")
                .writeTo(dir.resolve("r2.factfile")).toString()));
        assertThat(List.of(tasks.startedBlocking.poll(30, TimeUnit.SECONDS),
                tasks.startedBlocking.poll(30, TimeUnit.SECONDS))).containsExactlyInAnyOrder("blocker", "r2-block");
        SubmitRequest q = SubmitRequest.of("q", new FactfileWriter("q").task("q", "block")
                .writeTo(dir.resolve("q.factfile")).toString());
        String id = submit(q);
        assertThat(factotum.cancel(id)).isEqualTo(CancelResult.CANCELLED);
        assertThat(submit(q)).isEqualTo(id); // DONE, so accepted again: the queue now holds it twice

        factotum.cancel(r1);
        assertThat(tasks.startedBlocking.poll(30, TimeUnit.SECONDS)).isEqualTo("q");
        factotum.cancel(r2);
        listener.finished(r2, 1);
        // Q's second queue slot is claimed by the free worker and dropped: the next job runs.
        String later = submit(SubmitRequest.of("later", new FactfileWriter("later").task("later", "exit 0")
                .writeTo(dir.resolve("later.factfile")).toString()));
        assertThat(listener.finished(later, 1).outcome()).contains(RunOutcome.SUCCEEDED);

        tasks.release("q");
        assertThat(listener.finished(id, 2).outcome()).contains(RunOutcome.SUCCEEDED);
        assertThat(tasks.starts("q")).isEqualTo(1);
        assertThat(factotum.queued()).isZero();
        assertThat(factotum.runs(id)).extracting(JobRun::outcome).containsExactly(
                java.util.Optional.of(RunOutcome.CANCELLED), java.util.Optional.of(RunOutcome.SUCCEEDED));
    }
}
