package io.factotum.scheduler;

import io.factotum.Factotum;
import io.factotum.engine.TaskState;
import io.factotum.job.JobRun;
import io.factotum.job.RunOutcome;
import io.factotum.job.TaskRun;
import io.factotum.store.memory.InMemoryStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Must-show 6 with real processes: a timed-out or cancelled job's task processes are stopped. */
class ProcessTimeoutAndCancelTest {
    @TempDir
    Path dir;

    private final RecordingSchedulerListener listener = new RecordingSchedulerListener();
    private final InMemoryStorage storage = new InMemoryStorage();
    private Factotum factotum;

    @BeforeEach
    void start() {
        // The in-process engine with its real process runner.
        factotum = Factotum.builder().storage(storage).maxWorkers(2).gracePeriod(Duration.ofMillis(500))
                .jobTimeout(Duration.ofSeconds(60)).build().start();
        factotum.addListener(listener);
    }

    @AfterEach
    void stop() {
        factotum.close();
        storage.close();
    }

    /** A task that records its shell's pid, then sleeps (exec: the pid is the sleeping process). */
    private Path sleeper(String name, Path pidFile) {
        return new FactfileWriter(name)
                .task("sleep", "echo $$ > " + pidFile + ".tmp && mv " + pidFile + ".tmp " + pidFile + " && exec sleep 60")
                .task("after", "echo never", "sleep").writeTo(dir.resolve(name + ".factfile"));
    }

    /** The task's process, once it has written its pid (it does so first thing; mv makes the file appear whole). */
    private static ProcessHandle awaitPid(Path pidFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(pidFile)) {
            assertThat(System.nanoTime()).as("the task started").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
    }

    private static TaskRun task(JobRun run, String name) {
        return run.tasks().stream().filter(t -> t.taskName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aTimedOutJobsProcessIsTerminatedAndTheRunRecordedTimedOut() throws Exception {
        Path pidFile = dir.resolve("timeout.pid");
        String id = ((SubmitResult.Accepted) factotum.submit(
                SubmitRequest.of("slow", sleeper("slow", pidFile).toString()).withTimeout(Duration.ofMillis(500))))
                .jobId();
        ProcessHandle process = awaitPid(pidFile);

        JobRun run = listener.finished(id, 1);

        assertThat(run.outcome()).contains(RunOutcome.TIMED_OUT);
        assertThat(task(run, "sleep").state()).isEqualTo(TaskState.FAILED);
        assertThat(task(run, "after").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void cancellingARunningJobTerminatesItsProcess() throws Exception {
        Path pidFile = dir.resolve("cancel.pid");
        String id = ((SubmitResult.Accepted) factotum.submit(SubmitRequest.of("c", sleeper("c", pidFile).toString())))
                .jobId();
        ProcessHandle process = awaitPid(pidFile);

        assertThat(factotum.cancel(id)).isEqualTo(CancelResult.STOPPING);
        JobRun run = listener.finished(id, 1);

        assertThat(run.outcome()).contains(RunOutcome.CANCELLED);
        assertThat(process.isAlive()).isFalse();
    }
}
