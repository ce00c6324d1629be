package io.factotum.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs a task as Factotum does (spec 4.4, 4.5): {@code sh -c <line>}, {@code sh} looked up on
 * {@code PATH}, working directory, environment and standard input inherited, standard output and
 * error piped and read line by line as they are written.
 *
 * <h2>Results</h2>
 * Captured text is the lines joined with {@code \n} (a {@code \r} before a {@code \n} is dropped,
 * lines that are not valid UTF-8 are skipped, as Rust's {@code lines()} does). A command that cannot
 * be spawned ends with code -1 and {@code Error executing process - <os error>}, the OS error
 * rendered as Rust renders it, e.g. {@code No such file or directory (os error 2)}.
 * A command line holding a NUL character fails the same way, with Rust's
 * {@code nul byte found in provided data}.
 * Factotum reports a task whose {@code sh} was killed by a signal as code 1. Both launchers report
 * such a process as {@code 128 + signal}, as Java does, indistinguishable from {@code exit 128+n};
 * this runner therefore maps {@code 129..192} to 1 only for tasks it signalled itself
 * ({@link RunningTask#terminate()} / {@link RunningTask#kill()}), which covers Factotum's shutdown
 * path.
 *
 * <h2>Process trees</h2>
 * {@code terminate()} and {@code kill()} act on the whole tree: the tree is snapshotted (the shell
 * plus {@link ProcessHandle#descendants()}) before signalling and the snapshot is kept, so a
 * grandchild that ignores SIGTERM is still SIGKILLed after the grace period even if its parent has
 * died and it was re-parented. The shell itself is signalled by its launcher, which never signals
 * a pid it has reaped (see {@link LaunchedProcess}); its descendants through {@link ProcessHandle},
 * which checks a process's start time. {@link Process#destroy()} is not used: it would also close
 * the pipes and lose the output still in them.
 *
 * <h2>Start-up cost</h2>
 * Spawning dominates short tasks. Where it can, the runner starts {@code sh} with glibc's
 * {@code posix_spawnp(3)} directly ({@link PosixSpawnLauncher}, through JNA), as cheap as a shell's
 * fork and exec; elsewhere with {@link ProcessBuilder} ({@link JdkProcessLauncher}), whose default
 * on Linux costs a second exec per task. {@code -Dfactotum.spawn=posix|jdk} forces one; the choice
 * is made once, when the runner is created ({@code bench/README.md} has the measurements).
 * The runner avoids per-task threads: the pipes are drained by threads of one cached pool owned by
 * the runner (re-used across tasks, idle ones expire; one per task with {@code posix_spawnp}, which
 * polls both pipes, one per pipe with {@link ProcessBuilder}); the reader that sees the last end
 * then reaps the process and reports the result by callback, so the executor parks no thread per
 * task either.
 *
 * <p>JNA loads native code: on JDK 22 and later, run the JVM with
 * {@code --enable-native-access=ALL-UNNAMED} (JDK 17 accepts the flag too), or the JDK prints a
 * "restricted method" warning on standard error.
 */
public final class ProcessTaskRunner implements TaskRunner, AutoCloseable {
    /** The JDK's system property selecting how {@link ProcessBuilder} forks on Linux. */
    public static final String LAUNCH_MECHANISM_PROPERTY = "jdk.lang.Process.launchMechanism";

    /** Rust's error text for an argument with a NUL character, which no exec can pass. */
    private static final String NUL_IN_ARGUMENT = "nul byte found in provided data";
    /** Largest signal number; Java reports a process killed by signal s as 128 + s. */
    private static final int MAX_SIGNAL = 64;

    private final String shell;
    private final ProcessLauncher launcher;
    private final ExecutorService readers;

    /** Runs commands with {@code sh} from {@code PATH}. */
    public ProcessTaskRunner() {
        this("sh");
    }

    /**
     * Runs commands with another program taking {@code -c <line>} (tests use a missing one).
     *
     * @throws IllegalStateException if {@code -Dfactotum.spawn=posix} forces a launcher that cannot
     *         work in this JVM
     */
    public ProcessTaskRunner(String shell) {
        this(shell, ProcessLauncher.forThisJvm());
    }

    /**
     * A runner for a scheduler node whose task processes die with the JVM, however it dies
     * ({@code kill -9} included), so that a job continued after the node's death never runs a task
     * while its previous run still goes on. Tasks run in the process group of a
     * {@link TaskGroupWatchdog}, which sends them SIGTERM, then SIGKILL after {@code grace}, when
     * the JVM is gone; before its first task, the runner waits for the tasks of a previous JVM with
     * the same {@code nodeId} to be gone. Tasks no longer receive the terminal's signals (Ctrl-C)
     * directly: the node stops them.
     *
     * <p>Needs {@code posix_spawnp} ({@link PosixSpawnLauncher}: Linux, JNA, glibc 2.34+);
     * elsewhere, or with {@code -Dfactotum.spawn=jdk}, this is refused: the guarantee cannot be
     * given, and a node that silently ran without it could run a task twice at once.
     *
     * @throws IllegalStateException if {@code posix_spawnp} cannot be used in this JVM
     */
    public static ProcessTaskRunner boundToNode(String nodeId, Duration grace) {
        ProcessLauncher chosen = ProcessLauncher.forThisJvm();
        if (!(chosen instanceof PosixSpawnLauncher posix)) {
            throw new IllegalStateException("Task processes cannot be bound to this node: posix_spawnp is not "
                    + "available (" + chosen.describe() + "); it needs Linux, JNA and glibc 2.34 or later");
        }
        return new ProcessTaskRunner("sh", new NodeBoundLauncher(posix, "sh", nodeId, grace));
    }

    ProcessTaskRunner(String shell, ProcessLauncher launcher) {
        this.shell = Objects.requireNonNull(shell, "shell");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.readers = Executors.newCachedThreadPool(JobRun.daemonThreads("factotum-task-output"));
    }

    /**
     * Releases what the runner holds: for a {@linkplain #boundToNode node-bound} runner, its
     * watchdog, which stops tasks still running (SIGTERM, SIGKILL after the grace period) and is
     * waited for. Tasks started afterwards fail to start.
     */
    @Override
    public void close() throws InterruptedException {
        if (launcher instanceof NodeBoundLauncher bound) {
            bound.close();
        }
    }

    /** How this runner starts processes, e.g. {@code posix_spawnp}, for benchmarks and diagnostics. */
    public String launchMechanism() {
        return launcher.describe();
    }

    /**
     * Starts loading the native code a runner needs (JNA and the C library's functions, about
     * 0.1 s of a cold JVM's time) on a daemon thread, so that it overlaps with whatever the caller
     * does next, e.g. parsing a factfile; a runner created meanwhile waits for it to finish. A
     * {@code main} calls this first thing. Nothing is kept: the loading is the JVM's own one-time
     * class initialization, and a failure is left for the runner's constructor to meet.
     */
    public static void prepareInBackground() {
        Thread loader = new Thread(ProcessLauncher::prepare, "factotum-launcher-preload");
        loader.setDaemon(true);
        loader.start();
    }

    /**
     * Picks the fastest correct way for {@link ProcessBuilder} to start processes in this JVM. The
     * JDK reads the property once, when the first process starts; a runner that falls back to
     * {@link ProcessBuilder} calls this when it is created, and a {@code main} that starts other
     * processes before creating such a runner should call it first thing.
     *
     * <p>Measured on Linux ({@code bench/spawn-chain.sh}, a chain of 1,500 {@code true} tasks
     * against 1,500 {@code sh -c true} from a bash loop): the default {@code POSIX_SPAWN} execs the
     * {@code jspawnhelper} trampoline, which then execs the command, about 2x the shell loop on
     * JDK 17 and 25; {@code VFORK} execs the command directly, about 1.2x; {@code FORK} copies the
     * JVM's page tables and is slower than both. {@code VFORK} was the JDK's Linux default up to
     * JDK 11 and is supported without warnings on JDK 17, so it is chosen there (and up to JDK
     * 24). JDK 25 deprecated it "for being dangerous", prints a banner on standard error (which
     * would corrupt Factotum's console output) and a later JDK removes it, so from JDK 25 on the
     * default {@code POSIX_SPAWN} is kept. An explicit {@code -Djdk.lang.Process.launchMechanism}
     * always wins, and other systems keep their default.
     *
     * @return the mechanism set, or empty if the JVM's choice was left alone
     */
    public static Optional<String> useFastestLaunchMechanism() {
        if (System.getProperty(LAUNCH_MECHANISM_PROPERTY) != null) {
            return Optional.empty();
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || Runtime.version().feature() >= 25) {
            return Optional.empty();
        }
        System.setProperty(LAUNCH_MECHANISM_PROPERTY, "VFORK");
        return Optional.of("VFORK");
    }

    @Override
    public RunningTask start(TaskInvocation invocation, TaskOutputListener output) {
        String name = invocation.task().name();
        long startNanos = System.nanoTime();
        String commandLine = invocation.commandLine();
        if (commandLine.indexOf('\0') >= 0 || shell.indexOf('\0') >= 0) {
            return new FinishedTask(TaskResult.failedToRun("Error executing process - " + NUL_IN_ARGUMENT, Duration.ZERO));
        }
        LaunchedProcess process;
        try {
            process = launcher.launch(shell, "-c", commandLine);
        } catch (ProcessLauncher.LaunchException e) {
            return new FinishedTask(TaskResult.failedToRun("Error executing process - " + e.osError(), Duration.ZERO));
        }
        ProcessTask task = new ProcessTask(process, startNanos);
        LineCollector stdout = new LineCollector(name, OutputStreamKind.STDOUT, output);
        LineCollector stderr = new LineCollector(name, OutputStreamKind.STDERR, output);
        process.drain(stdout, stderr, readers, () -> task.finish(stdout.text(), stderr.text()));
        return task;
    }

    /**
     * Whether a process still runs. {@link ProcessHandle#isAlive()} also counts zombies: re-parented
     * grandchildren that died but wait for init to reap them, which can take seconds in containers
     * and would stretch every shutdown wait. On Linux the state in {@code /proc/<pid>/stat} tells.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : 'R';
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // gone meanwhile, or no /proc
        }
    }

    /**
     * Assembles one stream's lines from byte chunks as they arrive, decodes and reports them; the
     * text is the lines joined with {@code \n}.
     */
    private static final class LineCollector implements LaunchedProcess.OutputSink {
        private final String taskName;
        private final OutputStreamKind kind;
        private final TaskOutputListener output;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final StringBuilder text = new StringBuilder();
        private int count;
        private byte[] partial = new byte[0];
        private int partialLength;

        LineCollector(String taskName, OutputStreamKind kind, TaskOutputListener output) {
            this.taskName = taskName;
            this.kind = kind;
            this.output = output;
        }

        @Override
        public void write(byte[] chunk, int length) {
            int from = 0;
            for (int i = 0; i < length; i++) {
                if (chunk[i] == '\n') {
                    add(chunk, from, i, true);
                    from = i + 1;
                }
            }
            keep(chunk, from, length);
        }

        @Override
        public void end() {
            if (partialLength > 0) {
                add(partial, 0, 0, false);
            }
        }

        /** A line ends at {@code to} (exclusive); {@code newline} says whether a {@code \n} ended it. */
        void add(byte[] chunk, int from, int to, boolean newline) {
            byte[] bytes = chunk;
            int start = from;
            int end = to;
            if (partialLength > 0) {
                keep(chunk, from, to);
                bytes = partial;
                start = 0;
                end = partialLength;
                partialLength = 0;
            }
            if (newline && end > start && bytes[end - 1] == '\r') {
                end--; // Rust's lines() strips a CRLF ending
            }
            String line;
            try {
                line = decoder.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
            } catch (CharacterCodingException e) {
                return; // Rust's lines() yields an error for such a line; Factotum skips it
            }
            if (count++ > 0) {
                text.append('\n');
            }
            text.append(line);
            try {
                output.onLine(taskName, kind, line);
            } catch (RuntimeException e) {
                // A failing listener must not stop the draining, or the task would block on a full pipe.
            }
        }

        void keep(byte[] chunk, int from, int to) {
            int length = to - from;
            if (length == 0) {
                return;
            }
            if (partialLength + length > partial.length) {
                partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + length));
            }
            System.arraycopy(chunk, from, partial, partialLength, length);
            partialLength += length;
        }

        String text() {
            return text.toString();
        }
    }

    /** A spawned {@code sh} and everything it starts. */
    private static final class ProcessTask implements RunningTask, CompletionNotifying {
        private final LaunchedProcess process;
        private final long startNanos;
        private final CompletableFuture<TaskResult> result = new CompletableFuture<>();
        /** Every descendant seen when signalling, kept so orphans are still reached. */
        private final Set<ProcessHandle> tree = new LinkedHashSet<>();
        private volatile boolean signalled;

        ProcessTask(LaunchedProcess process, long startNanos) {
            this.process = process;
            this.startNanos = startNanos;
        }

        /** Runs on a reader thread once both outputs have ended. */
        void finish(String stdout, String stderr) {
            int code;
            try {
                code = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.complete(TaskResult.failedToRun("Error waiting for process - interrupted",
                        Duration.ofNanos(System.nanoTime() - startNanos)));
                return;
            } catch (IOException e) {
                result.complete(TaskResult.failedToRun("Error waiting for process - " + e.getMessage(),
                        Duration.ofNanos(System.nanoTime() - startNanos)));
                return;
            }
            Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
            if (signalled && code > 128 && code <= 128 + MAX_SIGNAL) {
                code = 1; // killed by our signal: Rust's ExitStatus::code() is None, Factotum uses 1
            }
            result.complete(TaskResult.of(code, stdout, stderr, duration));
        }

        @Override
        public TaskResult await() throws InterruptedException {
            try {
                return result.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void whenDone(Consumer<TaskResult> callback) {
            result.thenAccept(callback);
        }

        @Override
        public void terminate() {
            signal(false);
        }

        @Override
        public void kill() {
            signal(true);
        }

        private void signal(boolean force) {
            List<ProcessHandle> targets;
            synchronized (tree) {
                signalled = true;
                tree.addAll(process.descendants());
                // Widen the snapshot with whatever the still-living members have started since.
                for (ProcessHandle member : List.copyOf(tree)) {
                    if (member.isAlive()) {
                        member.descendants().forEach(tree::add);
                    }
                }
                targets = List.copyOf(tree);
            }
            process.signal(force);
            for (ProcessHandle target : targets) {
                if (target.isAlive()) {
                    if (force) {
                        target.destroyForcibly();
                    } else {
                        target.destroy();
                    }
                }
            }
        }

        @Override
        public boolean isAlive() {
            if (process.isAlive()) {
                return true;
            }
            synchronized (tree) {
                return tree.stream().anyMatch(ProcessTaskRunner::running);
            }
        }
    }
}
