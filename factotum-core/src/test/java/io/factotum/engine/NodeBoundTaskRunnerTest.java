package io.factotum.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7 item 5: the task processes of a node that is killed with SIGKILL die with it, and a
 * restarted node runs nothing before the tasks of its previous incarnation are gone.
 */
@EnabledOnOs(OS.LINUX)
class NodeBoundTaskRunnerTest {
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final List<Long> taskPids = new ArrayList<>();
    private final String nodeId = "node-bound-test-" + UUID.randomUUID();
    /** The contract's launchers, closed after each test so that no watchdog outlives it. */
    private final List<NodeBoundLauncher> launchers = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        children.forEach(Process::destroyForcibly);
        taskPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        for (NodeBoundLauncher launcher : launchers) {
            launcher.close();
        }
    }

    /** The same output, exit codes and signalling as the plain posix_spawnp runner. */
    @Nested
    class Contract extends ProcessTaskRunnerContract {
        @Override
        ProcessLauncher launcher() {
            try {
                NodeBoundLauncher launcher = new NodeBoundLauncher(PosixSpawnLauncher.load(), "sh", nodeId,
                        Duration.ofSeconds(1));
                launchers.add(launcher);
                // Starts the watchdog now, so that the contract's tests do not count it as the task's.
                LaunchedProcess first = launcher.launch("true");
                LaunchedProcess.OutputSink ignore = new LaunchedProcess.OutputSink() {
                    @Override
                    public void write(byte[] bytes, int length) {
                    }

                    @Override
                    public void end() {
                    }
                };
                first.drain(ignore, ignore, Runnable::run, () -> { });
                first.waitFor();
                return launcher;
            } catch (ProcessLauncher.Unavailable | IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void theTaskAndWhatItStartedDieWhenTheJvmIsKilled() throws Exception {
        Path pids = dir.resolve("pids");
        Process child = startChild(Duration.ofSeconds(2),
                "echo $$ > " + pids + ".tmp; sleep 60 & echo $! >> " + pids + ".tmp; mv " + pids + ".tmp " + pids + "; wait");
        List<Long> tree = awaitPids(pids, 2);

        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        for (long pid : tree) {
            assertThat(awaitGone(pid, Duration.ofSeconds(WAIT_SECONDS))).as("task process %d", pid).isTrue();
        }
    }

    @Test
    void aTaskThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Path pids = dir.resolve("pids");
        Process child = startChild(Duration.ofMillis(300),
                "trap '' TERM; echo $$ > " + pids + ".tmp; mv " + pids + ".tmp " + pids + "; while :; do sleep 0.1; done");
        long pid = awaitPids(pids, 1).get(0);

        child.destroyForcibly();

        assertThat(awaitGone(pid, Duration.ofSeconds(WAIT_SECONDS))).isTrue();
    }

    @Test
    void aRestartedNodeStartsNothingBeforeItsPreviousTasksAreGone() throws Exception {
        Path pids = dir.resolve("pids");
        // Ignores SIGTERM: lives on for the whole grace period after the JVM's death.
        Process child = startChild(Duration.ofSeconds(2),
                "trap '' TERM; echo $$ > " + pids + ".tmp; mv " + pids + ".tmp " + pids + "; while :; do sleep 0.1; done");
        long old = awaitPids(pids, 1).get(0);
        child.destroyForcibly();
        assertThat(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        try (ProcessTaskRunner restarted = ProcessTaskRunner.boundToNode(nodeId, Duration.ofSeconds(2))) {
            RunningTask task = restarted.start(TaskInvocation.of(Tasks.shell("t", "true")), TaskOutputListener.NONE);
            // The task was launched, so the old run's process must be gone already.
            assertThat(running(old)).as("the previous run's task process").isFalse();
            assertThat(task.await().returnCode()).isZero();
        }
    }

    @Test
    void aRestartedNodeKillsWhatItsPreviousRunLeftPastItsOwnGracePeriod() throws Exception {
        Path pids = dir.resolve("pids");
        // The old node gave its tasks 60 s of grace; the restarted one waits only its own 1 s (+1 s).
        Process child = startChild(Duration.ofSeconds(60),
                "trap '' TERM; echo $$ > " + pids + ".tmp; mv " + pids + ".tmp " + pids + "; while :; do sleep 0.1; done");
        long old = awaitPids(pids, 1).get(0);
        child.destroyForcibly();
        assertThat(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        try (ProcessTaskRunner restarted = ProcessTaskRunner.boundToNode(nodeId, Duration.ofSeconds(1))) {
            TaskResult result = restarted.start(TaskInvocation.of(Tasks.shell("t", "true")), TaskOutputListener.NONE).await();
            assertThat(result.returnCode()).as("started: %s", result.executionError()).isZero();
            assertThat(running(old)).as("the previous run's task process").isFalse();
        }
    }

    @Test
    void closingTheRunnerStopsItsTasks() throws Exception {
        ProcessTaskRunner runner = ProcessTaskRunner.boundToNode(nodeId, Duration.ofSeconds(1));
        RunningTask task = runner.start(TaskInvocation.of(Tasks.shell("t", "sleep 60")), TaskOutputListener.NONE);

        runner.close();

        assertThat(task.await().returnCode()).isEqualTo(128 + 15); // SIGTERM from the watchdog, not ours
        assertThat(runner.start(TaskInvocation.of(Tasks.shell("t", "true")), TaskOutputListener.NONE).await()
                .executionError()).hasValueSatisfying(e -> assertThat(e).contains("the node is stopping"));
    }

    @Test
    void aWatchdogThatDiedIsReplacedBeforeTheNextTask() throws Exception {
        try (ProcessTaskRunner runner = ProcessTaskRunner.boundToNode(nodeId, Duration.ofSeconds(1))) {
            String groupOfTask = "cut -d' ' -f5 /proc/$$/stat";
            TaskResult first = runner.start(TaskInvocation.of(Tasks.shell("t", groupOfTask)), TaskOutputListener.NONE).await();
            ProcessHandle watchdog = watchdog();
            assertThat(first.stdout()).contains(Long.toString(watchdog.pid()));

            watchdog.destroyForcibly(); // SIGKILL, which the watchdog cannot ignore
            assertThat(awaitGone(watchdog.pid(), Duration.ofSeconds(WAIT_SECONDS))).isTrue();

            TaskResult second = runner.start(TaskInvocation.of(Tasks.shell("t", groupOfTask)), TaskOutputListener.NONE).await();
            assertThat(second.returnCode()).as("started: %s", second.executionError()).isZero();
            ProcessHandle replacement = watchdog();
            assertThat(replacement.pid()).isNotEqualTo(watchdog.pid());
            assertThat(second.stdout()).contains(Long.toString(replacement.pid()));
        }
    }

    /** This JVM's live watchdog for {@link #nodeId}. */
    private ProcessHandle watchdog() throws IOException {
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            Path cmdline = Path.of("/proc", Long.toString(child.pid()), "cmdline");
            if (running(child.pid()) && Files.exists(cmdline)) {
                String args = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
                if (args.contains(TaskGroupWatchdog.NAME) && args.contains(nodeId)) {
                    return child;
                }
            }
        }
        throw new AssertionError("no watchdog for " + nodeId);
    }

    private Process startChild(Duration grace, String commandLine) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), NodeBoundChildMain.class.getName(), nodeId,
                Long.toString(grace.toMillis()), commandLine));
        if (Boolean.getBoolean("nodebound.plain")) { // to check that the tests fail without the watchdog
            command.add("plain");
        }
        Process child = new ProcessBuilder(command)
                .redirectError(dir.resolve("child-stderr-" + children.size() + ".txt").toFile())
                .start();
        children.add(child);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("started");
        }
        return child;
    }

    /** Waits for the task to have written its pids (written to a temporary file, then renamed). */
    private List<Long> awaitPids(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!Files.exists(file)) {
            assertThat(System.nanoTime() - deadline).as("pids written").isNegative();
            Thread.sleep(10);
        }
        List<Long> pids = Files.readAllLines(file).stream().map(String::trim).map(Long::parseLong).toList();
        assertThat(pids).hasSize(count);
        taskPids.addAll(pids);
        return pids;
    }

    private static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessTaskRunner::running).orElse(false);
    }
}
