package io.factotum.engine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts processes with glibc's {@code posix_spawnp(3)}, called through JNA. glibc implements it with
 * {@code clone(CLONE_VM | CLONE_VFORK)} on a separate stack, with all signals blocked until the child
 * has reset its handlers, and execs the command directly: as cheap as a shell's fork and exec, and
 * without the second exec that the JDK's {@code POSIX_SPAWN} mechanism spends on its
 * {@code jspawnhelper} trampoline (about 2x the cost per task, {@code bench/README.md}).
 *
 * <h2>What a task gets</h2>
 * <ul>
 * <li>standard input: the JVM's descriptor 0, inherited;</li>
 * <li>standard output and error: pipes ({@code pipe2(O_CLOEXEC)}, moved to 1 and 2 by
 *     {@code dup2} file actions), both drained by one reader thread with {@code poll(2)};</li>
 * <li>no other descriptor: {@code posix_spawn_file_actions_addclosefrom_np(3)} closes 3 and up
 *     (the JDK opens its files without {@code O_CLOEXEC}, so they would leak otherwise); a C
 *     library without it (glibc before 2.34, musl) makes {@link #load()} fail and the runner falls
 *     back to {@link JdkProcessLauncher};</li>
 * <li>signals as Factotum's Rust {@code Command} sets them: an empty signal mask and SIGPIPE at its
 *     default; handled signals are reset by {@code exec}, and other signals that the JVM's own
 *     parent chose to ignore (e.g. SIGHUP under {@code nohup}) stay ignored, as with Rust and with
 *     {@link ProcessBuilder};</li>
 * <li>the JVM's environment ({@code environ}) and working directory; the program is looked up on
 *     the JVM's {@code PATH}; arguments are passed as UTF-8, as Rust passes a {@code String}.</li>
 * </ul>
 *
 * <h2>Reaping and signalling</h2>
 * The JDK does not know these processes, so each is reaped by {@link LaunchedProcess#waitFor()}
 * (no reaper thread: the runner's output reader calls it once both pipes have ended). It first
 * waits with {@code WNOWAIT}, which leaves the ended process a zombie whose pid cannot be reused,
 * then reaps it under the same lock that {@link LaunchedProcess#signal} holds while it calls
 * {@code kill(2)}: a signal either reaches the process (or its zombie) or is not sent at all,
 * never a recycled pid.
 */
final class PosixSpawnLauncher implements ProcessLauncher {
    /** Architectures whose constants and structure sizes below have been checked (asm-generic Linux). */
    private static final Set<String> ARCHITECTURES = Set.of("x86-64", "aarch64");
    private static final Map<String, String> MULTIARCH =
            Map.of("x86-64", "x86_64-linux-gnu", "aarch64", "aarch64-linux-gnu");
    /**
     * JNA's search path for libraries loaded by name. Unless it is set, JNA builds it on Linux by
     * running {@code /sbin/ldconfig -p}: a process spawn and tens of milliseconds at every start-up.
     * This launcher loads nothing by name (the C library is the process's own), so it sets the
     * standard directories when nobody chose a path; other JNA users still find libraries by
     * soname through the dynamic loader.
     */
    private static final String JNA_PLATFORM_PATH = "jna.platform.library.path";
    private static final List<String> REQUIRED_FUNCTIONS = List.of("posix_spawnp",
            "posix_spawn_file_actions_addclosefrom_np", "strerrordesc_np", "pipe2", "waitid");

    private static final int O_CLOEXEC = 0x80000;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final short POSIX_SPAWN_SETPGROUP = 0x02;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int P_PID = 1;
    private static final int WNOHANG = 1;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;
    private static final int EINTR = 4;
    private static final int SIGKILL = 9;
    private static final int SIGPIPE = 13;
    private static final int SIGTERM = 15;
    /** Sizes with room to spare: glibc's posix_spawnattr_t is 336 bytes, file actions 80, sigset_t 128. */
    private static final int SPAWNATTR_BYTES = 512;
    private static final int FILE_ACTIONS_BYTES = 256;
    private static final int SIGSET_BYTES = 128;
    /** siginfo_t is 128 bytes; si_pid is its fifth int on 64-bit Linux. */
    private static final int SIGINFO_INTS = 32;
    private static final int SIGINFO_PID = 4;
    private static final int READ_BUFFER = 8192;
    /** struct pollfd: int fd, short events, short revents. */
    private static final int POLLFD_BYTES = 8;
    private static final short POLLIN = 1;
    private static final String NUL_IN_ARGUMENT = "nul byte found in provided data"; // Rust's text

    /** Read-only after construction, so concurrent spawns share it. */
    private final Memory attributes;
    /** The address of the C library's {@code environ}, read at every spawn. */
    private final Pointer environ;

    private PosixSpawnLauncher(Memory attributes, Pointer environ) {
        this.attributes = attributes;
        this.environ = environ;
    }

    /**
     * Binds the C library and prepares the spawn attributes.
     *
     * @throws Unavailable off Linux, on an unchecked architecture, or without the needed functions
     */
    static PosixSpawnLauncher load() throws Unavailable {
        // Platform, unlike Native and NativeLibrary, loads no native code and runs nothing.
        if (!Platform.isLinux() || !ARCHITECTURES.contains(Platform.ARCH) || !Platform.is64Bit()) {
            throw new Unavailable("needs Linux on x86-64 or aarch64, this is " + Platform.ARCH
                    + " " + System.getProperty("os.name"), null);
        }
        try {
            if (System.getProperty(JNA_PLATFORM_PATH) == null) {
                System.setProperty(JNA_PLATFORM_PATH, standardLibraryDirectories());
            }
            NativeLibrary c = NativeLibrary.getProcess(); // the C library the JVM runs on, not found by name
            for (String function : REQUIRED_FUNCTIONS) {
                c.getFunction(function); // names the missing one, e.g. closefrom_np before glibc 2.34
            }
            Pointer environ = c.getGlobalVariableAddress("environ");
            LibC.bind();
            return new PosixSpawnLauncher(spawnAttributes(NO_GROUP), environ);
        } catch (LinkageError | RuntimeException e) {
            throw new Unavailable(String.valueOf(e.getMessage()), e);
        }
    }

    /** The directories JNA would search on this architecture, less those only {@code ldconfig} lists. */
    private static String standardLibraryDirectories() {
        String multiarch = MULTIARCH.get(Platform.ARCH);
        return Stream.of("/usr/lib/" + multiarch, "/lib/" + multiarch, "/usr/lib64", "/lib64", "/usr/lib", "/lib")
                .filter(dir -> Files.isDirectory(Path.of(dir)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Process group argument of {@link #spawnAttributes}: stay in the JVM's group. */
    private static final int NO_GROUP = -1;

    /**
     * A launcher like this one whose processes start in the process group {@code processGroup}
     * (0: a new group led by the process itself), set atomically by {@code posix_spawn}, so there is
     * no instant in which a started process is outside it. The group must exist in the JVM's session.
     */
    PosixSpawnLauncher inProcessGroup(int processGroup) {
        if (processGroup < 0) {
            throw new IllegalArgumentException("process group must be 0 or a pgid: " + processGroup);
        }
        return new PosixSpawnLauncher(spawnAttributes(processGroup), environ);
    }

    /**
     * Starts {@code program} with {@code args} in a new process group that it leads, with standard
     * input the read end of a new pipe and no output captured (standard output and error are the
     * JVM's). The pipe's write end is returned, close-on-exec, so only this JVM holds it: the child
     * reads end-of-file on standard input once the JVM closes it or dies, however it dies.
     */
    Lifeline launchWithLifeline(String program, String... args) throws LaunchException {
        Memory argv = argv(program, args);
        int[] lifeline;
        try {
            lifeline = pipe();
        } catch (LaunchException e) {
            argv.close();
            throw e;
        }
        int[] pid = new int[1];
        int error;
        try (argv; Memory leaderAttributes = spawnAttributes(0)) {
            error = spawn(pid, argv, leaderAttributes, lifeline[0], 0);
        } finally {
            close(lifeline[0]);
        }
        if (error != 0) {
            close(lifeline[1]);
            throw new LaunchException(osError(error), null);
        }
        return new Lifeline(new PosixProcess(pid[0], -1, -1), lifeline[1]);
    }

    /** Sends SIGKILL to every process in process group {@code group}; a group that is gone is ignored. */
    static void killProcessGroup(int group) {
        if (group <= 1) {
            throw new IllegalArgumentException("not a task process group: " + group);
        }
        try {
            LibC.kill(-group, SIGKILL);
        } catch (LastErrorException e) {
            // ESRCH: the group has emptied meanwhile.
        }
    }

    /**
     * A process started by {@link #launchWithLifeline}: it leads its own process group (its pid is
     * the group's id) and reads end-of-file once {@link #cut()} is called or the JVM dies.
     */
    static final class Lifeline {
        private final LaunchedProcess process;
        private int writeEnd;

        Lifeline(LaunchedProcess process, int writeEnd) {
            this.process = process;
            this.writeEnd = writeEnd;
        }

        LaunchedProcess process() {
            return process;
        }

        /** Closes the JVM's end of the pipe, as the JVM's death would. Idempotent. */
        synchronized void cut() {
            if (writeEnd >= 0) {
                close(writeEnd);
                writeEnd = -1;
            }
        }
    }

    /**
     * An empty signal mask and SIGPIPE at its default, as Rust's {@code Command} does; with
     * {@code processGroup} 0 or more, that process group ({@code setpgid(0, processGroup)}).
     */
    private static Memory spawnAttributes(int processGroup) {
        Memory attributes = new Memory(SPAWNATTR_BYTES);
        try (Memory mask = new Memory(SIGSET_BYTES); Memory defaults = new Memory(SIGSET_BYTES)) {
            check(LibC.posix_spawnattr_init(attributes));
            check(LibC.sigemptyset(mask));
            check(LibC.sigemptyset(defaults));
            check(LibC.sigaddset(defaults, SIGPIPE));
            check(LibC.posix_spawnattr_setsigmask(attributes, mask));
            check(LibC.posix_spawnattr_setsigdefault(attributes, defaults));
            short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
            if (processGroup >= 0) {
                check(LibC.posix_spawnattr_setpgroup(attributes, processGroup));
                flags |= POSIX_SPAWN_SETPGROUP;
            }
            check(LibC.posix_spawnattr_setflags(attributes, flags));
        }
        return attributes;
    }

    private static void check(int result) {
        if (result != 0) {
            throw new IllegalStateException("posix_spawn attributes: " + osError(result == -1 ? Native.getLastError() : result));
        }
    }

    @Override
    public LaunchedProcess launch(String program, String... args) throws LaunchException {
        Memory argv = argv(program, args);
        int[] stdout;
        int[] stderr;
        try {
            stdout = pipe();
            try {
                stderr = pipe();
            } catch (LaunchException e) {
                close(stdout[0]);
                close(stdout[1]);
                throw e;
            }
        } catch (LaunchException e) {
            argv.close();
            throw e;
        }
        int[] pid = new int[1];
        int error;
        try (argv) {
            error = spawn(pid, argv, attributes, stdout[1], 1, stderr[1], 2);
        } finally {
            // The child has its own copies (or none): the pipes end when the task's side closes.
            close(stdout[1]);
            close(stderr[1]);
        }
        if (error != 0) {
            close(stdout[0]);
            close(stderr[0]);
            throw new LaunchException(osError(error), null);
        }
        return new PosixProcess(pid[0], stdout[0], stderr[0]);
    }

    @Override
    public String describe() {
        return "posix_spawnp";
    }

    /**
     * {@code posix_spawnp} of {@code argv} with {@code attributes}: the child gets each pair of
     * {@code redirects} (a descriptor of this process, the number it has in the child) and no other
     * descriptor from 3 up, so it inherits nothing the JVM opened.
     *
     * @param pid receives the child's pid
     * @return 0, or the error number of the first call that failed
     */
    private int spawn(int[] pid, Memory argv, Memory attributes, int... redirects) {
        try (Memory actions = new Memory(FILE_ACTIONS_BYTES)) {
            int error = LibC.posix_spawn_file_actions_init(actions);
            if (error != 0) {
                return error;
            }
            try {
                for (int i = 0; i < redirects.length && error == 0; i += 2) {
                    error = LibC.posix_spawn_file_actions_adddup2(actions, redirects[i], redirects[i + 1]);
                }
                if (error == 0) {
                    error = LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3);
                }
                if (error == 0) {
                    error = LibC.posix_spawnp(pid, argv.getPointer(0), actions, attributes, argv,
                            environ.getPointer(0));
                }
                return error;
            } finally {
                LibC.posix_spawn_file_actions_destroy(actions);
            }
        }
    }

    /** A NULL-terminated {@code char *argv[]} and its UTF-8 strings, in one block. */
    private static Memory argv(String program, String[] args) throws LaunchException {
        byte[][] strings = new byte[args.length + 1][];
        long size = (long) (strings.length + 1) * Native.POINTER_SIZE;
        for (int i = 0; i < strings.length; i++) {
            String s = i == 0 ? program : args[i - 1];
            if (s.indexOf('\0') >= 0) {
                throw new LaunchException(NUL_IN_ARGUMENT, null);
            }
            strings[i] = s.getBytes(StandardCharsets.UTF_8);
            size += strings[i].length + 1;
        }
        Memory argv = new Memory(size);
        long offset = (long) (strings.length + 1) * Native.POINTER_SIZE;
        for (int i = 0; i < strings.length; i++) {
            argv.write(offset, strings[i], 0, strings[i].length);
            argv.setByte(offset + strings[i].length, (byte) 0);
            argv.setPointer((long) i * Native.POINTER_SIZE, argv.share(offset));
            offset += strings[i].length + 1;
        }
        argv.setPointer((long) strings.length * Native.POINTER_SIZE, null);
        return argv;
    }

    /** A close-on-exec pipe whose ends are above 0, 1 and 2, so the dup2 actions cannot clobber them. */
    private static int[] pipe() throws LaunchException {
        int[] fds = new int[2];
        try {
            LibC.pipe2(fds, O_CLOEXEC);
            for (int i = 0; i < 2; i++) {
                if (fds[i] < 3) { // the JVM runs with a standard descriptor closed
                    int moved = LibC.fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
                    close(fds[i]);
                    fds[i] = moved;
                }
            }
            return fds;
        } catch (LastErrorException e) {
            close(fds[0]);
            close(fds[1]);
            throw new LaunchException(osError(e.getErrorCode()), e);
        }
    }

    private static void close(int fd) {
        if (fd > 2) {
            try {
                LibC.close(fd);
            } catch (LastErrorException e) {
                // EBADF cannot happen for our own descriptors; EINTR still closes on Linux.
            }
        }
    }

    /** Rust's rendering of an errno: {@code <description> (os error <n>)}, in English as Rust's is. */
    static String osError(int errno) {
        String description = LibC.strerrordesc_np(errno);
        return (description != null ? description : "Unknown error " + errno) + " (os error " + errno + ")";
    }

    /** A spawned process, reaped by {@link #waitFor()}. */
    private static final class PosixProcess implements LaunchedProcess {
        private final int pid;
        /** The read ends of the output pipes, -1 once closed; only the draining thread uses them. */
        private final int[] pipes;
        private final Object lock = new Object();
        /** Guarded by {@link #lock}: set once the pid was released to the system. */
        private boolean reaped;
        private int exitCode;

        PosixProcess(int pid, int stdout, int stderr) {
            this.pid = pid;
            this.pipes = new int[] {stdout, stderr};
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public void drain(OutputSink stdout, OutputSink stderr, Executor readers, Runnable whenDrained) {
            readers.execute(() -> {
                OutputSink[] sinks = {stdout, stderr};
                try {
                    pump(sinks);
                } finally {
                    for (int i = 0; i < pipes.length; i++) {
                        if (pipes[i] >= 0) { // only if pump failed
                            close(pipes[i]);
                            pipes[i] = -1;
                            sinks[i].end();
                        }
                    }
                    whenDrained.run();
                }
            });
        }

        /**
         * Reads both pipes as data arrives, waiting with {@code poll(2)}: one thread for both
         * streams, where blocking reads would need one each and a hand-off between them per task.
         */
        private void pump(OutputSink[] sinks) {
            byte[] chunk = new byte[READ_BUFFER];
            try (Memory memory = new Memory((long) POLLFD_BYTES * pipes.length + READ_BUFFER)) {
                Pointer buffer = memory.share((long) POLLFD_BYTES * pipes.length);
                int open = pipes.length;
                while (open > 0) {
                    for (int i = 0; i < pipes.length; i++) {
                        memory.setInt((long) i * POLLFD_BYTES, pipes[i]); // poll skips a negative fd
                        memory.setShort((long) i * POLLFD_BYTES + 4, POLLIN);
                        memory.setShort((long) i * POLLFD_BYTES + 6, (short) 0);
                    }
                    try {
                        LibC.poll(memory, pipes.length, -1);
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() == EINTR) {
                            continue;
                        }
                        return; // cannot wait (ENOMEM): the caller closes the pipes, keeping what was read
                    }
                    for (int i = 0; i < pipes.length; i++) {
                        if (pipes[i] < 0 || memory.getShort((long) i * POLLFD_BYTES + 6) == 0) {
                            continue;
                        }
                        long n;
                        try {
                            n = LibC.read(pipes[i], buffer, READ_BUFFER);
                        } catch (LastErrorException e) {
                            if (e.getErrorCode() == EINTR) {
                                continue;
                            }
                            n = 0; // the pipe broke: keep what was read
                        }
                        if (n > 0) {
                            buffer.read(0, chunk, 0, (int) n);
                            sinks[i].write(chunk, (int) n);
                        } else {
                            close(pipes[i]);
                            pipes[i] = -1;
                            open--;
                            sinks[i].end();
                        }
                    }
                }
            }
        }

        @Override
        public int waitFor() throws IOException {
            synchronized (lock) {
                if (reaped) {
                    return exitCode;
                }
            }
            // Wait without reaping and without the lock: signal() may still use the pid meanwhile.
            int[] info = new int[SIGINFO_INTS];
            while (true) {
                try {
                    LibC.waitid(P_PID, pid, info, WEXITED | WNOWAIT);
                    break;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != EINTR) {
                        throw lost(e);
                    }
                }
            }
            int[] status = new int[1];
            synchronized (lock) {
                while (!reaped) {
                    try {
                        LibC.waitpid(pid, status, 0); // returns at once: the process has ended
                        reaped = true;
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() != EINTR) {
                            throw lost(e);
                        }
                    }
                }
                int signal = status[0] & 0x7f;
                // As the JDK reports it: the exit status, or 128 + the signal that ended the process.
                exitCode = signal == 0 ? (status[0] >> 8) & 0xff : 128 + signal;
                return exitCode;
            }
        }

        /**
         * The process cannot be waited for (ECHILD: something else reaped it, e.g. native code that
         * set SIGCHLD to SIG_IGN): its pid is no longer ours, so it must never be signalled again.
         */
        private IOException lost(LastErrorException e) {
            synchronized (lock) {
                reaped = true;
            }
            return new IOException(osError(e.getErrorCode()), e);
        }

        @Override
        public boolean isAlive() {
            synchronized (lock) {
                if (reaped) {
                    return false;
                }
                int[] info = new int[SIGINFO_INTS];
                try {
                    LibC.waitid(P_PID, pid, info, WEXITED | WNOHANG | WNOWAIT);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == EINTR) {
                        return true; // ask again later
                    }
                    reaped = true; // not our child any more: never signal the pid again
                    return false;
                }
                return info[SIGINFO_PID] == 0; // no child has ended: still running
            }
        }

        @Override
        public List<ProcessHandle> descendants() {
            synchronized (lock) { // the pid is ours while not reaped
                if (reaped) {
                    return List.of();
                }
                return ProcessHandle.of(pid).map(handle -> handle.descendants().toList()).orElse(List.of());
            }
        }

        @Override
        public void signal(boolean force) {
            synchronized (lock) {
                if (!reaped) {
                    try {
                        LibC.kill(pid, force ? SIGKILL : SIGTERM);
                    } catch (LastErrorException e) {
                        // Cannot fail for an unreaped child of ours.
                    }
                }
            }
        }
    }

    /** The C library's functions, bound by JNA's direct mapping (no proxy or reflection per call). */
    private static final class LibC {
        static {
            Native.register(LibC.class, NativeLibrary.getProcess());
        }

        private LibC() {
        }

        /** Runs the static initializer, which fails if a function is missing. */
        static void bind() {
        }

        static native int pipe2(int[] fds, int flags) throws LastErrorException;

        static native int fcntl(int fd, int command, int argument) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native long read(int fd, Pointer buffer, long count) throws LastErrorException;

        static native int poll(Pointer fds, long count, int timeout) throws LastErrorException;

        static native int posix_spawnattr_init(Pointer attributes);

        static native int posix_spawnattr_setflags(Pointer attributes, short flags);

        static native int posix_spawnattr_setpgroup(Pointer attributes, int processGroup);

        static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

        static native int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

        static native int sigemptyset(Pointer set);

        static native int sigaddset(Pointer set, int signal);

        static native int posix_spawn_file_actions_init(Pointer actions);

        static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

        static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

        static native int posix_spawn_file_actions_destroy(Pointer actions);

        static native int posix_spawnp(int[] pid, Pointer file, Pointer actions, Pointer attributes,
                                       Pointer argv, Pointer envp);

        static native int waitid(int idType, int id, int[] info, int options) throws LastErrorException;

        static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

        static native int kill(int pid, int signal) throws LastErrorException;

        static native String strerrordesc_np(int errno);
    }
}
