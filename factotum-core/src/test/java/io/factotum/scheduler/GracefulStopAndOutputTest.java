package io.factotum.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.Factotum;
import io.factotum.engine.JobExecution;
import io.factotum.engine.OutputStreamKind;
import io.factotum.job.JobEntry;
import io.factotum.job.JobState;
import io.factotum.job.LastOutcome;
import io.factotum.store.memory.InMemoryStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output lines of running tasks, stop with a grace period, and the runner's command name. */
class GracefulStopAndOutputTest {
    @TempDir
    Path dir;

    private final InMemoryStorage storage = new InMemoryStorage();
    private Factotum factotum;

    @AfterEach
    void close() {
        if (factotum != null) {
            factotum.close();
        }
        storage.close();
    }

    /** A job whose task prints {@code hello}, then waits for {@code <dir>/gate}. */
    private String gatedJob() {
        Path ff = new FactfileWriter("gated")
                .task("wait", "echo hello; while [ ! -f " + dir.resolve("gate") + " ]; do sleep 0.02; done")
                .writeTo(dir.resolve("gated.factfile"));
        return ((SubmitResult.Accepted) factotum.submit(SubmitRequest.of("gated", ff.toString()))).jobId();
    }

    /** Starts the scheduler with a listener that counts down once the task has printed hello. */
    private CountDownLatch startWithHelloLatch(List<String> seen) {
        CountDownLatch hello = new CountDownLatch(1);
        factotum = Factotum.builder().storage(storage).build();
        factotum.addOutputListener((jobId, runReference, taskName, stream, line) -> {
            seen.add(taskName + "/" + stream + "/" + line);
            if (line.equals("hello") && stream == OutputStreamKind.STDOUT) {
                hello.countDown();
            }
        });
        factotum.start();
        return hello;
    }

    private JobEntry entry(String id) {
        return factotum.check(id).orElseThrow();
    }

    @Test
    void outputLinesArriveWhileTheTaskRuns() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch hello = startWithHelloLatch(seen);
        String id = gatedJob();
        assertThat(hello.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(entry(id).state()).isEqualTo(JobState.WORKING); // still running: the line came live
        assertThat(seen).containsExactly("wait/STDOUT/hello");
        Files.writeString(dir.resolve("gate"), "");
    }

    @Test
    void stopWithGraceLetsRunningJobsFinish() throws Exception {
        CountDownLatch hello = startWithHelloLatch(new java.util.concurrent.CopyOnWriteArrayList<>());
        String id = gatedJob();
        assertThat(hello.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> factotum.stop(Duration.ofSeconds(60)));
        Files.writeString(dir.resolve("gate"), "");
        stopping.get(60, TimeUnit.SECONDS);
        assertThat(entry(id).state()).isEqualTo(JobState.DONE);
        assertThat(entry(id).lastOutcome()).isEqualTo(LastOutcome.SUCCEEDED);
    }

    @Test
    void jobsStillRunningAfterTheGraceAreHandedBack() throws Exception {
        CountDownLatch hello = startWithHelloLatch(new java.util.concurrent.CopyOnWriteArrayList<>());
        String id = gatedJob();
        assertThat(hello.await(30, TimeUnit.SECONDS)).isTrue();
        factotum.stop(Duration.ofMillis(50));
        assertThat(entry(id).state()).isEqualTo(JobState.QUEUED);
        assertThat(storage.queue().size()).isEqualTo(1);
    }

    @Test
    void refusalsNameTheRunnersCommand() {
        JobRunner refusing = new JobRunner() {
            @Override
            public void validate(String factfilePath, List<String> factfileArgs) throws InvalidJobException {
                throw new InvalidJobException("stderr text");
            }

            @Override
            public JobExecution start(RunRequest request) {
                throw new AssertionError("not started");
            }

            @Override
            public String commandName() {
                return "/opt/factotum";
            }
        };
        factotum = Factotum.builder().storage(storage).runner(refusing).build().start();
        Path ff = new FactfileWriter("x").task("t", "true").writeTo(dir.resolve("x.factfile"));
        assertThat(factotum.submit(SubmitRequest.of("x", ff.toString(), "--tag", "a,b")).message())
                .isEqualTo("Validation Error: Failed to execute command: [/opt/factotum run " + ff
                        + " --dry-run --tag a,b] - stderr text");
    }
}
