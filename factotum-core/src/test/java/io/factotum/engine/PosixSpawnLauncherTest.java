package io.factotum.engine;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link PosixSpawnLauncher} guarantees beyond {@link ProcessTaskRunnerContract}: a clean signal
 * state whatever the JVM's, Rust's error texts, reaping, and the launcher choice. On Linux (the
 * project's machines, glibc 2.34+) the launcher must load: a failure to load fails these tests.
 */
@EnabledOnOs(OS.LINUX)
class PosixSpawnLauncherTest {
    private static final int SIG_BLOCK = 0;
    private static final int SIG_SETMASK = 2;
    private static final int SIGPIPE = 13;
    private static final int SIGTERM = 15;
    private static final long SIG_IGN = 1;

    /** Test-only libc calls that change this JVM's signal state. */
    interface SignalCalls extends Library {
        SignalCalls C = Native.load("c", SignalCalls.class);

        int sigemptyset(Pointer set);

        int sigaddset(Pointer set, int signal);

        int pthread_sigmask(int how, Pointer set, Pointer old);

        int sigaction(int signal, Pointer action, Pointer old);

        int waitpid(int pid, int[] status, int options);
    }

    private final PosixSpawnLauncher launcher = load();

    private static PosixSpawnLauncher load() {
        try {
            return PosixSpawnLauncher.load();
        } catch (ProcessLauncher.Unavailable e) {
            throw new AssertionError("posix_spawn must work on the project's Linux/glibc machines", e);
        }
    }

    private record Outcome(int code, String stdout, String stderr) {
    }

    /** Collects a stream's bytes; the launcher calls it from one thread, the test reads it after the latch. */
    private static final class Bytes extends ByteArrayOutputStream implements LaunchedProcess.OutputSink {
        @Override
        public void write(byte[] bytes, int length) {
            write(bytes, 0, length);
        }

        @Override
        public void end() {
        }

        String text() {
            return toString(StandardCharsets.UTF_8).strip();
        }
    }

    private static Outcome drain(LaunchedProcess process) throws Exception {
        Bytes stdout = new Bytes();
        Bytes stderr = new Bytes();
        CountDownLatch drained = new CountDownLatch(1);
        process.drain(stdout, stderr, command -> new Thread(command).start(), drained::countDown);
        assertThat(drained.await(30, TimeUnit.SECONDS)).isTrue();
        return new Outcome(process.waitFor(), stdout.text(), stderr.text());
    }

    private Outcome run(String commandLine) throws Exception {
        return drain(launcher.launch("sh", "-c", commandLine));
    }

    @Test
    void signalsBlockedInTheSpawningThreadAreUnblockedInTheTask() throws Exception {
        try (Memory set = new Memory(128); Memory old = new Memory(128)) {
            SignalCalls.C.sigemptyset(set);
            SignalCalls.C.sigaddset(set, SIGTERM);
            assertThat(SignalCalls.C.pthread_sigmask(SIG_BLOCK, set, old)).isZero();
            try {
                Outcome mask = run("grep '^SigBlk' /proc/self/status");
                assertThat(mask.stdout()).isEqualTo("SigBlk:\t0000000000000000");
                assertThat(run("kill -TERM $$; echo survived").code()).isEqualTo(143);
            } finally {
                SignalCalls.C.pthread_sigmask(SIG_SETMASK, old, null);
            }
        }
    }

    @Test
    void sigpipeIsAtItsDefaultInTheTaskEvenIfTheJvmIgnoresIt() throws Exception {
        try (Memory ignore = new Memory(256); Memory old = new Memory(256)) {
            assertThat(SignalCalls.C.sigaction(SIGPIPE, null, old)).isZero();
            ignore.write(0, old.getByteArray(0, 256), 0, 256);
            ignore.setLong(0, SIG_IGN); // sa_handler
            assertThat(SignalCalls.C.sigaction(SIGPIPE, ignore, null)).isZero();
            try {
                Outcome pipe = run("kill -PIPE $$; echo survived");
                assertThat(pipe.code()).isEqualTo(141);
                assertThat(pipe.stdout()).isEmpty();
            } finally {
                SignalCalls.C.sigaction(SIGPIPE, old, null);
            }
        }
    }

    @Test
    void anEndedTaskIsAZombieUntilWaitForReapsItAndIsNeverSignalledAfterwards() throws Exception {
        LaunchedProcess process = launcher.launch("sh", "-c", "exec sleep 0");
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow();
        // The JDK waits for a process it did not start with waitid(WNOWAIT): it does not reap it.
        handle.onExit().get(30, TimeUnit.SECONDS);
        assertThat(process.isAlive()).as("an ended, unreaped process").isFalse();
        assertThat(Path.of("/proc", Long.toString(process.pid()))).as("the zombie keeps the pid").exists();
        process.signal(true); // reaches the zombie: harmless
        assertThat(drain(process).code()).isZero();
        assertThat(Path.of("/proc", Long.toString(process.pid()))).doesNotExist();
        assertThat(process.descendants()).isEmpty();
        process.signal(true); // not sent: the pid is no longer ours
        assertThat(process.waitFor()).isZero();
    }

    @Test
    void aTaskReapedBehindTheLaunchersBackIsReportedAndNeverSignalledAgain() throws Exception {
        LaunchedProcess process = launcher.launch("sh", "-c", "exec sleep 0");
        ProcessHandle.of(process.pid()).orElseThrow().onExit().get(30, TimeUnit.SECONDS);
        assertThat(SignalCalls.C.waitpid((int) process.pid(), new int[1], 0)).isEqualTo((int) process.pid());
        assertThatThrownBy(() -> drain(process)).isInstanceOf(java.io.IOException.class)
                .hasMessage("No child processes (os error 10)");
        assertThat(process.isAlive()).isFalse();
        assertThat(process.descendants()).isEmpty(); // the pid is treated as released
    }

    @Test
    void spawnFailuresAreRenderedAsRustRendersOsErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> launcher.launch("this-program-does-not-exist", "-c", "true"))
                .isInstanceOf(ProcessLauncher.LaunchException.class)
                .hasMessage("No such file or directory (os error 2)");
        Path notExecutable = Files.writeString(dir.resolve("script"), "#!/bin/sh\n");
        assertThatThrownBy(() -> launcher.launch(notExecutable.toString()))
                .isInstanceOf(ProcessLauncher.LaunchException.class)
                .hasMessage("Permission denied (os error 13)");
        assertThat(PosixSpawnLauncher.osError(4095)).isEqualTo("Unknown error 4095 (os error 4095)");
    }

    @Test
    void theSystemPropertyForcesALauncher() {
        String before = System.getProperty(ProcessLauncher.PROPERTY);
        try {
            System.setProperty(ProcessLauncher.PROPERTY, "jdk");
            assertThat(ProcessLauncher.forThisJvm()).isInstanceOf(JdkProcessLauncher.class);
            System.setProperty(ProcessLauncher.PROPERTY, "POSIX");
            assertThat(ProcessLauncher.forThisJvm()).isInstanceOf(PosixSpawnLauncher.class);
            System.setProperty(ProcessLauncher.PROPERTY, "vfork");
            assertThatThrownBy(ProcessLauncher::forThisJvm).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("jdk or posix");
            System.clearProperty(ProcessLauncher.PROPERTY);
            assertThat(ProcessLauncher.forThisJvm()).isInstanceOf(PosixSpawnLauncher.class);
        } finally {
            if (before == null) {
                System.clearProperty(ProcessLauncher.PROPERTY);
            } else {
                System.setProperty(ProcessLauncher.PROPERTY, before);
            }
        }
    }
}
