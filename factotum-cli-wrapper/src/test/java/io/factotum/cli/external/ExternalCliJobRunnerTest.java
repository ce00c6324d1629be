package io.factotum.cli.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.factotum.engine.JobListener;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.TaskState;
import io.factotum.job.JobRequest;
import io.factotum.scheduler.InvalidJobException;
import io.factotum.scheduler.RunRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against a stand-in binary (a shell script) whose exit code and output we choose. */
class ExternalCliJobRunnerTest {
    @TempDir
    Path dir;

    /** A fake factotum: records its arguments, writes to stderr and exits with $FAKE_EXIT's content. */
    private Path fakeBin(int dryRunExit, int runExit) throws Exception {
        Path bin = dir.resolve("factotum");
        Files.writeString(bin, "#!/bin/sh\n"
                + "echo \"$@\" >> '" + dir.resolve("calls") + "'\n"
                + "case \" $* \" in *' --dry-run '*) echo 'dry stderr' >&2; echo 'dry stdout'; exit " + dryRunExit + ";; esac\n"
                + "echo 'run stdout'; echo 'run stderr' >&2; exit " + runExit + "\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void dryRunRefusalCarriesTheCommandAndStderr() throws Exception {
        ExternalCliJobRunner runner = new ExternalCliJobRunner(fakeBin(1, 0));
        assertThat(runner.dryRun("/x/ff", List.of("--tag", "a,b"))).contains("Failed to execute command: ["
                + dir.resolve("factotum") + " run /x/ff --dry-run --tag a,b] - dry stderr\n");
        assertThatThrownBy(() -> runner.validate("/x/ff", List.of())).isInstanceOf(InvalidJobException.class)
                .hasMessage("dry stderr\n");
        assertThat(Files.readAllLines(dir.resolve("calls"))).containsExactly("run /x/ff --dry-run --tag a,b", "run /x/ff --dry-run");
    }

    @Test
    void dryRunAcceptance() throws Exception {
        ExternalCliJobRunner runner = new ExternalCliJobRunner(fakeBin(0, 0));
        assertThat(runner.dryRun("/x/ff", List.of())).isEmpty();
    }

    @Test
    void spawnFailureIsRenderedLikeRust() throws Exception {
        ExternalCliJobRunner runner = new ExternalCliJobRunner(dir.resolve("missing"));
        // spec 10.55
        assertThat(runner.dryRun("/x/ff", List.of())).contains("Failed to execute command: [" + dir.resolve("missing")
                + " run /x/ff --dry-run] - No such file or directory (os error 2)");
    }

    @Test
    void runExitCodeDecidesTheOutcome() throws Exception {
        for (int exit : new int[] {0, 3}) {
            ExternalCliJobRunner runner = new ExternalCliJobRunner(fakeBin(0, exit));
            JobRequest job = new JobRequest("id", "n", "/x/ff", List.of("--no-colour"));
            JobOutcome outcome = runner.start(new RunRequest(job, "ref", Instant.now(), Map.of(), JobListener.NONE)).await();
            assertThat(outcome.hasErrors()).isEqualTo(exit != 0);
            assertThat(outcome.tasks().get(0).state()).isEqualTo(exit == 0 ? TaskState.SUCCEEDED : TaskState.FAILED);
            assertThat(outcome.tasks().get(0).result().orElseThrow().stdout()).contains("run stdout\n");
            assertThat(outcome.tasks().get(0).result().orElseThrow().returnCode()).isEqualTo(exit);
        }
        assertThat(Files.readAllLines(dir.resolve("calls"))).contains("run /x/ff --no-colour");
    }
}
