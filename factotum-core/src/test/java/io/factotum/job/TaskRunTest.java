package io.factotum.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.factotum.engine.TaskResult;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskRunTest {
    @Test
    void tailKeepsTheLastCodePoints() {
        assertThat(TaskRun.tail("abc😀d", 2)).isEqualTo("😀d");
        assertThat(TaskRun.tail("abc", 3)).isEqualTo("abc");
        assertThat(TaskRun.tail("abc", 0)).isEmpty();
    }

    @Test
    void aSnapshotIsRecordedWithBoundedOutputs() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        TaskResult result = TaskResult.of(3, "0123456789", "err", Duration.ofMillis(7));
        TaskSnapshot snapshot = new TaskSnapshot("t", TaskState.FAILED, Optional.of("bad exit"), Optional.of(start),
                Optional.of(result), Optional.empty(), Optional.empty());

        TaskRun run = TaskRun.from(snapshot, 4);

        assertThat(run).isEqualTo(new TaskRun("t", TaskState.FAILED, Optional.of(3), Optional.of(start),
                Optional.of(Duration.ofMillis(7)), Optional.of("bad exit"), Optional.of("6789"), Optional.of("err")));
    }

    @Test
    void aCommandThatCouldNotRunKeepsItsError() {
        TaskResult result = TaskResult.failedToRun("Error executing process - boom", Duration.ZERO);
        TaskSnapshot snapshot = new TaskSnapshot("t", TaskState.FAILED, Optional.of("other"), Optional.empty(),
                Optional.of(result), Optional.empty(), Optional.empty());

        assertThat(TaskRun.from(snapshot, 10).errorMessage()).contains("Error executing process - boom");
        assertThat(TaskRun.from(TaskSnapshot.waiting("w"), 10).returnCode()).isEmpty();
    }
}
