package io.factotum.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.Factotum;
import io.factotum.job.JobRun;
import io.factotum.job.JobState;
import io.factotum.job.RunOutcome;
import io.factotum.store.PartlyReplacedStorage;
import io.factotum.store.RunHistory;
import io.factotum.store.Storage;
import io.factotum.store.StoreException;
import io.factotum.store.memory.InMemoryStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 7, in the scheduler: a job whose start cannot be stored (the store refuses writes,
 * as on a full disk) goes back to the queue at once and runs as soon as the store takes writes,
 * instead of staying WORKING with nothing running it until its lease lapses.
 */
class StoreOutageTest {
    @TempDir
    Path dir;

    private final ScriptedTaskRunner tasks = new ScriptedTaskRunner();
    private final InMemoryStorage memory = new InMemoryStorage();
    private final AtomicBoolean outage = new AtomicBoolean();
    private final AtomicInteger refusedSaves = new AtomicInteger();
    private Factotum node;

    /** The real in-memory store, whose run history refuses saves during the outage. */
    private final Storage storage = PartlyReplacedStorage.of(memory).withRuns(new RunHistory() {
        @Override
        public void save(JobRun run) {
            if (outage.get()) {
                refusedSaves.incrementAndGet();
                throw new StoreException("injected: No space left on device");
            }
            memory.runs().save(run);
        }

        @Override
        public Optional<JobRun> get(String jobId, String runReference) {
            return memory.runs().get(jobId, runReference);
        }

        @Override
        public List<JobRun> runs(String jobId) {
            return memory.runs().runs(jobId);
        }
    });

    @BeforeEach
    void quiet() {
        Configurator.setLevel("io.factotum.scheduler.JobWorker", Level.OFF); // the injected failures log errors
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        storage.close();
        Configurator.setLevel("io.factotum.scheduler.JobWorker", (Level) null);
    }

    @Test
    void aJobWhoseStartCannotBeStoredRunsOnceTheStoreTakesWritesWithoutWaitingForItsLease() throws Exception {
        RecordingSchedulerListener listener = new RecordingSchedulerListener();
        node = Factotum.builder().storage(storage).nodeId("n1").maxWorkers(1).taskRunner(tasks)
                .lease(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).build();
        node.addListener(listener);
        node.start();
        outage.set(true);
        SubmitResult result = node.submit(SubmitRequest.of("job",
                new FactfileWriter("job").task("only", "exit 0").writeTo(dir.resolve("job")).toString()));
        String id = ((SubmitResult.Accepted) result).jobId();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (refusedSaves.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling an observable count, with a deadline
        }
        assertThat(refusedSaves.get()).as("the start was tried, refused, and tried again").isGreaterThanOrEqualTo(2);
        outage.set(false);

        // within 30 s (finished() waits that long), so well before the 60 s lease could lapse: the
        // job was handed back, not left WORKING
        JobRun run = listener.finished(id, 1);
        assertThat(run.outcome()).contains(RunOutcome.SUCCEEDED);
        assertThat(storage.jobs().get(id).orElseThrow().entry().state()).isEqualTo(JobState.DONE);
        assertThat(tasks.starts("only")).isEqualTo(1);
    }
}
