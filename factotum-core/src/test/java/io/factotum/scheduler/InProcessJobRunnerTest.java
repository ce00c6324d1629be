package io.factotum.scheduler;

import io.factotum.engine.JobListener;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.RunOptions;
import io.factotum.engine.TaskSnapshot;
import io.factotum.engine.TaskState;
import io.factotum.factfile.FactfileTestData;
import io.factotum.factfile.VariableQuoting;
import io.factotum.job.JobRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** factfileArgs interpreted as {@code factotum run} does. */
class InProcessJobRunnerTest {
    @TempDir
    Path dir;

    private final ScriptedTaskRunner tasks = new ScriptedTaskRunner();
    private final InProcessJobRunner runner = new InProcessJobRunner(tasks, Clock.systemUTC(), RunOptions.defaults(),
            Optional.empty(), VariableQuoting.ESCAPED);

    private Path chain() {
        return new FactfileWriter("chain {{ tag:who }}").task("a", "exit 0").task("b {{ tag:who }}", "exit 0", "a")
                .task("c", "exit 0", "b {{ tag:who }}").writeTo(dir.resolve("chain.factfile"));
    }

    private JobOutcome run(Path factfile, String... args) throws Exception {
        return runner.start(new RunRequest(new JobRequest("id", "name", factfile.toString(), List.of(args)), "ref",
                Instant.now(), Map.of(), JobListener.NONE)).await();
    }

    @Test
    void tagsTemplateTheFactfileAndStartRunsASubTree() throws Exception {
        JobOutcome outcome = run(chain(), "--tag", "who,me", "--start", "b me");

        assertThat(outcome.tasks()).extracting(TaskSnapshot::taskName).containsExactly("b me", "c");
        assertThat(tasks.started).containsExactly("b me", "c");
    }

    @Test
    void parsedFactfilesAreSharedOnlyWhereTheArgumentsCannotChangeThem() throws Exception {
        Path plain = new FactfileWriter("plain").task("a", "exit 0").task("b", "exit 0", "a")
                .writeTo(dir.resolve("plain.factfile"));
        // One text, different --start: the cached plan of the first must not serve the second.
        assertThat(run(plain, "--tag", "n,1", "--start", "b").tasks()).extracting(TaskSnapshot::taskName)
                .containsExactly("b");
        assertThat(run(plain, "--tag", "n,2").tasks()).extracting(TaskSnapshot::taskName).containsExactly("a", "b");
        // A templated text: each tag value gets its own tasks.
        assertThat(run(chain(), "--tag", "who,me").tasks()).extracting(TaskSnapshot::taskName)
                .containsExactly("a", "b me", "c");
        assertThat(run(chain(), "--tag", "who,you").tasks()).extracting(TaskSnapshot::taskName)
                .containsExactly("a", "b you", "c");
    }

    @Test
    void aDryRunSpawnsNothing() throws Exception {
        JobOutcome outcome = run(chain(), "--dry-run");

        assertThat(outcome.tasks()).extracting(TaskSnapshot::state).containsOnly(TaskState.SUCCEEDED);
        assertThat(outcome.tasks().get(0).result().orElseThrow().stdout().orElseThrow()).contains("| TASK");
        assertThat(tasks.started).isEmpty();
    }

    @Test
    void anUnmatchedHostConstraintRunsNothingAndSucceeds() throws Exception {
        JobOutcome outcome = run(chain(), "--constraint", "host,no-such-host.invalid");

        assertThat(outcome.tasks()).isEmpty();
        assertThat(outcome.hasErrors()).isFalse();
        assertThat(tasks.started).isEmpty();
    }

    @Test
    void validationRefusesWhatFactotumRunWould() {
        Path echo = FactfileTestData.testdata("factfiles/echo.factfile");
        assertThatThrownBy(() -> runner.validate(echo.toString(), List.of("--webhook", "http://x/")))
                .hasMessage("Error: --webhook cannot be used with the --dry-run option");
        assertThatThrownBy(() -> runner.validate(echo.toString(), List.of("--start", "nope")))
                .hasMessage("The job cannot be started from 'nope' because the task specified could not be found");
        assertThatThrownBy(() -> runner.validate(echo.toString(), List.of("--env", "[1]")))
                .hasMessage("Supplied string '[1]' is not valid JSON: decoder error");
        assertThatThrownBy(() -> runner.validate(echo.toString(), List.of("--bogus")))
                .hasMessage("Invalid arguments: UnrecognizedOption(\"bogus\")");
        assertThatThrownBy(() -> runner.validate(FactfileTestData.testdata("factfiles-invalid").resolve("x").toString(),
                List.of())).isInstanceOf(InvalidJobException.class).hasMessageContaining("x");
    }

    @Test
    void aWebhookNeedsARelay() {
        assertThatThrownBy(() -> run(chain(), "--webhook", "http://127.0.0.1:9/"))
                .isInstanceOf(InvalidJobException.class);
    }
}
