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
        // more chars than the bound but no more code points: kept whole
        assertThat(TaskRun.tail("😀😀😀", 3)).isEqualTo("😀😀😀");
        assertThat(TaskRun.tail("a😀😀😀", 3)).isEqualTo("😀😀😀");
        // a lone surrogate counts as one code point, as String.codePointCount counts it
        assertThat(TaskRun.tail("ab\uDE00c", 2)).isEqualTo("\uDE00c");
        assertThat(TaskRun.tail("ab\uD83Dc", 2)).isEqualTo("\uD83Dc");
    }

    @Test
    void tailAgreesWithCountingFromTheStart() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "ab\uD83D\uDE00\uD83D\uDE01\uDE00\uD83D";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = b.toString();
            int max = random.nextInt(14);
            int points = s.codePointCount(0, s.length());
            String expected = points <= max ? s : s.substring(s.offsetByCodePoints(0, points - max));
            assertThat(TaskRun.tail(s, max)).as("tail(%s, %d)", s, max).isEqualTo(expected);
        }
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
