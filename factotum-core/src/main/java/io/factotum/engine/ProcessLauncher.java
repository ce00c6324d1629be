package io.factotum.engine;

import java.io.IOException;
import java.util.Locale;

/**
 * How {@link ProcessTaskRunner} starts a task's shell: the one seam between the runner (output
 * capture, results, process trees) and the operating system's process creation.
 *
 * <p>A launched process has standard input inherited, standard output and error piped, and the
 * JVM's environment and working directory. {@link #forThisJvm()} picks the implementation once.
 */
interface ProcessLauncher {
    /** Selects the launcher: {@code jdk}, {@code posix}, or unset for the fastest available. */
    String PROPERTY = "factotum.spawn";

    /**
     * Starts {@code program} (looked up on {@code PATH}) with {@code args}.
     *
     * @throws LaunchException if it cannot be started, with the OS error rendered as Rust does
     */
    LaunchedProcess launch(String program, String... args) throws LaunchException;

    /** A short name for benchmarks and diagnostics, e.g. {@code posix_spawnp}. */
    String describe();

    /**
     * The launcher for this JVM: {@code -Dfactotum.spawn=jdk} or {@code =posix} forces one (a forced
     * {@code posix} that is unavailable fails here, loudly, rather than silently running slower);
     * otherwise {@link PosixSpawnLauncher} where it works (Linux, JNA, glibc 2.34+), else
     * {@link JdkProcessLauncher}.
     */
    static ProcessLauncher forThisJvm() {
        String choice = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "jdk":
                return new JdkProcessLauncher();
            case "posix":
                try {
                    return posixSpawn();
                } catch (Unavailable e) {
                    throw new IllegalStateException(
                            "-D" + PROPERTY + "=posix, but posix_spawn cannot be used here: " + e.getMessage(), e);
                }
            case "":
                try {
                    return posixSpawn();
                } catch (Unavailable e) {
                    return new JdkProcessLauncher();
                }
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + " must be jdk or posix, not '" + choice + "'");
        }
    }

    /** Does the one-time work of {@link #forThisJvm()} (loading native code), keeping nothing. */
    static void prepare() {
        try {
            forThisJvm();
        } catch (RuntimeException e) {
            // A bad -Dfactotum.spawn: the runner's constructor reports it.
        }
    }

    /** {@link PosixSpawnLauncher}, whose very class needs JNA on the class path. */
    private static ProcessLauncher posixSpawn() throws Unavailable {
        try {
            return PosixSpawnLauncher.load();
        } catch (LinkageError e) {
            throw new Unavailable("JNA cannot be loaded (" + e + ")", e);
        }
    }

    /** The launcher cannot work in this JVM, e.g. a C library without a needed function. */
    final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** A process could not be started. */
    final class LaunchException extends IOException {
        private static final long serialVersionUID = 1L;

        /** @param osError the reason as Rust renders it, e.g. {@code No such file or directory (os error 2)} */
        LaunchException(String osError, Throwable cause) {
            super(osError, cause);
        }

        /** The reason as Rust renders it. */
        String osError() {
            return getMessage();
        }
    }
}
