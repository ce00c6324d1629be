package io.factotum.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.factotum.engine.Tasks.shell;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checklist "Execution strategy" for real processes, and output capture (spec 4.4, 4.5), for every
 * {@link ProcessLauncher} ({@link ProcessTaskRunnerTest} runs it for each).
 */
abstract class ProcessTaskRunnerContract {
    private final ProcessTaskRunner runner = new ProcessTaskRunner("sh", launcher());

    abstract ProcessLauncher launcher();

    private TaskResult run(String commandLine, TaskOutputListener output) throws InterruptedException {
        return runner.start(new TaskInvocation(shell("t", commandLine), commandLine), output).await();
    }

    private TaskResult run(String commandLine) throws InterruptedException {
        return run(commandLine, TaskOutputListener.NONE);
    }

    @Test
    void unknownCommandExits127WithShellMessage() throws Exception {
        TaskResult result = run("banana");
        assertThat(result.returnCode()).isEqualTo(127);
        assertThat(result.stderr()).hasValueSatisfying(e -> assertThat(e).contains("banana").contains("not found"));
        assertThat(result.stdout()).isEmpty();
        assertThat(result.executionError()).isEmpty();
    }

    @Test
    void shellBuiltinOutput() throws Exception {
        TaskResult result = run("type echo");
        assertThat(result.returnCode()).isZero();
        assertThat(result.stdout()).contains("echo is a shell builtin");
        assertThat(result.stderr()).isEmpty();
        assertThat(result.executionError()).isEmpty();
    }

    @Test
    void programThatCannotBeSpawnedReportsRustsOsError() throws Exception {
        ProcessTaskRunner missing = new ProcessTaskRunner("this-doesn't-exist", launcher());
        TaskResult result = missing.start(TaskInvocation.of(shell("t", "true")), TaskOutputListener.NONE).await();
        assertThat(result.returnCode()).isEqualTo(-1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEmpty();
        assertThat(result.executionError()).contains("Error executing process - No such file or directory (os error 2)");
    }

    @Test
    void exitCodesPassThroughUnchangedWhenNotSignalled() throws Exception {
        assertThat(run("exit 7").returnCode()).isEqualTo(7);
        assertThat(run("exit 137").returnCode()).isEqualTo(137);
    }

    @Test
    void argumentsAreQuotedIntoOneShellLine() throws Exception {
        var task = new io.factotum.factfile.TaskSpec("t", "shell", "echo", List.of("hello", "world", "abc  abc"),
                List.of(), io.factotum.factfile.OnResult.dryRun());
        assertThat(runner.start(TaskInvocation.of(task), TaskOutputListener.NONE).await().stdout())
                .contains("hello world abc  abc");
    }

    @Test
    void linesAreJoinedWithNewlinesCrlfStrippedAndInvalidUtf8Skipped() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        TaskResult result = run("printf 'a\\r\\nb\\n\\n\\377\\376\\nc\\r'", (task, stream, line) -> seen.add(stream + ":" + line));
        // The last line has no newline, so (like Rust's lines()) its \r stays.
        assertThat(result.stdout()).contains("a\nb\n\nc\r");
        assertThat(seen).containsExactly("STDOUT:a", "STDOUT:b", "STDOUT:", "STDOUT:c\r");
    }

    @Test
    void stdoutAndStderrAreCapturedSeparately() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        TaskResult result = run("echo out1; echo err1 >&2; echo out2; printf 'ünï\\n' >&2",
                (task, stream, line) -> seen.add(task + ":" + stream + ":" + line));
        assertThat(result.stdout()).contains("out1\nout2");
        assertThat(result.stderr()).contains("err1\nünï");
        assertThat(seen).containsSubsequence("t:STDOUT:out1", "t:STDOUT:out2")
                .containsSubsequence("t:STDERR:err1", "t:STDERR:ünï");
    }

    @Test
    void noOutputMeansAbsentAndATrailingNewlineIsDropped() throws Exception {
        assertThat(run("true").stdout()).isEmpty();
        assertThat(run("echo").stdout()).isEmpty(); // one empty line joins to ""
        assertThat(run("echo hi").stdout()).contains("hi");
    }

    @Test
    void largeOutputOnBothStreamsDoesNotBlock() throws Exception {
        TaskResult result = run("seq 1 100000; seq 1 100000 >&2");
        assertThat(result.returnCode()).isZero();
        assertThat(result.stdout().orElseThrow().lines().count()).isEqualTo(100000);
        assertThat(result.stderr().orElseThrow()).endsWith("\n100000");
    }

    @Test
    void linesArriveLiveAndAKilledShellReportsCode1() throws Exception {
        CountDownLatch firstLine = new CountDownLatch(1);
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
        RunningTask task = runner.start(TaskInvocation.of(shell("t", "echo first; sleep 30")),
                (name, stream, line) -> firstLine.countDown());
        assertThat(firstLine.await(30, TimeUnit.SECONDS)).as("first line before the process ends").isTrue();
        assertThat(task.isAlive()).isTrue();
        // The task's processes: not those that were there before, e.g. a node-bound launcher's watchdog.
        List<ProcessHandle> tree = ProcessHandle.current().descendants().filter(p -> !before.contains(p)).toList();
        task.kill();
        TaskResult result = task.await();
        assertThat(result.returnCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("first");
        for (ProcessHandle process : tree) {
            process.onExit().get(30, TimeUnit.SECONDS); // killed grandchildren are reaped by init
        }
        assertThat(task.isAlive()).isFalse();
    }

    @Test
    void environmentAndWorkingDirectoryAreInherited() throws Exception {
        assertThat(run("pwd").stdout()).contains(System.getProperty("user.dir"));
        assertThat(run("echo \"$HOME\"").stdout()).contains(String.valueOf(System.getenv("HOME")));
    }

    @Test
    void terminateReachesGrandchildrenThatIgnoreTermThroughKill() throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
        // The inner shell ignores TERM and outlives the outer one, which dies on TERM.
        RunningTask task = runner.start(TaskInvocation.of(shell("t",
                "sh -c \"trap '' TERM; echo ready; sleep 30\"; echo never")), (n, s, line) -> ready.countDown());
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        // The task's processes: not those that were there before, e.g. a node-bound launcher's watchdog.
        List<ProcessHandle> tree = ProcessHandle.current().descendants().filter(p -> !before.contains(p)).toList();
        assertThat(tree).hasSizeGreaterThanOrEqualTo(2);
        task.terminate();
        assertThat(task.isAlive()).as("TERM-ignoring grandchild survives terminate").isTrue();
        task.kill();
        TaskResult result = task.await();
        assertThat(result.stdout()).contains("ready");
        for (ProcessHandle process : tree) {
            process.onExit().get(30, TimeUnit.SECONDS);
            assertThat(process.isAlive()).isFalse();
        }
    }

    @Test
    void aCommandLineWithANulByteFailsAsInRust() throws Exception {
        TaskResult result = run("echo a\0b");
        assertThat(result.returnCode()).isEqualTo(-1);
        assertThat(result.executionError()).contains("Error executing process - nul byte found in provided data");
    }

    @Test
    void argumentsArePassedAsUtf8() throws Exception {
        assertThat(run("printf '%s\\n' 'ünï ☃ 𝄞'").stdout()).contains("ünï ☃ 𝄞");
    }

    @Test
    @EnabledOnOs(OS.LINUX) // reads /proc
    void theTaskSeesOnlyStandardDescriptorsAndInheritsStandardInput() throws Exception {
        // The JDK opens files without O_CLOEXEC: this one must not reach the task.
        try (FileInputStream open = new FileInputStream(Tasks.testdata("factfiles/sigterm-resistant.factfile").toFile())) {
            // ls opens the directory it lists as the lowest free descriptor, 3.
            assertThat(run("ls /proc/self/fd").stdout()).contains("0\n1\n2\n3");
        }
        String jvmStdin = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
        assertThat(run("readlink /proc/self/fd/0").stdout()).contains(jvmStdin);
        assertThat(run("readlink /proc/self/fd/1; readlink /proc/self/fd/2 >&2").stdout())
                .hasValueSatisfying(out -> assertThat(out).startsWith("pipe:"));
    }

    @Test
    @EnabledOnOs(OS.LINUX) // reads /proc
    void theRunnerKeepsNoDescriptorOfAFinishedTask() throws Exception {
        String pipe = run("readlink /proc/self/fd/1").stdout().orElseThrow();
        assertThat(pipe).startsWith("pipe:");
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            assertThat(fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (java.io.IOException e) {
                    return ""; // closed meanwhile, e.g. the listing's own descriptor
                }
            })).doesNotContain(pipe);
        }
    }

    @Test
    void aShellEndedByItsOwnSignalReports128PlusTheSignal() throws Exception {
        // Default dispositions: a trap-free TERM and a PIPE end the shell (not our signal: no mapping to 1).
        TaskResult term = run("echo before; kill -TERM $$; echo survived");
        assertThat(term.returnCode()).isEqualTo(143);
        assertThat(term.stdout()).contains("before");
        TaskResult pipe = run("kill -PIPE $$; echo survived");
        assertThat(pipe.returnCode()).isEqualTo(141);
        assertThat(pipe.stdout()).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX) // reads /proc
    void theTaskStartsWithAnEmptySignalMask() throws Exception {
        assertThat(run("grep '^SigBlk' /proc/self/status").stdout()).contains("SigBlk:\t0000000000000000");
    }

    @Test
    @EnabledOnOs(OS.LINUX) // reads /proc
    void aFinishedTaskLeavesNoZombie() throws Exception {
        RunningTask task = runner.start(TaskInvocation.of(shell("t", "echo $$")), TaskOutputListener.NONE);
        long pid = Long.parseLong(task.await().stdout().orElseThrow());
        // await() returns after the reaping: the pid is free, nothing of it is left in /proc.
        assertThat(Path.of("/proc", Long.toString(pid))).doesNotExist();
        assertThat(task.isAlive()).isFalse();
        task.terminate(); // a no-op now: the pid was released and may belong to another process
        task.kill();
        assertThat(task.await().returnCode()).isZero();
    }
}
