package io.factotum.engine;

import io.factotum.compat.OsErrors;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts processes with {@link ProcessBuilder}: portable, but on Linux the JDK's default
 * {@code POSIX_SPAWN} mechanism execs the {@code jspawnhelper} trampoline before the command, a
 * second exec per task (see {@link ProcessTaskRunner#useFastestLaunchMechanism()} and
 * {@code bench/README.md}). The fallback where {@link PosixSpawnLauncher} cannot be used.
 */
final class JdkProcessLauncher implements ProcessLauncher {
    /** Applies {@link ProcessTaskRunner#useFastestLaunchMechanism()}: the JDK reads it at its first spawn. */
    JdkProcessLauncher() {
        ProcessTaskRunner.useFastestLaunchMechanism();
    }

    @Override
    public LaunchedProcess launch(String program, String... args) throws LaunchException {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(program);
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            return new JdkProcess(process);
        } catch (IOException e) {
            throw new LaunchException(OsErrors.describeSpawnFailure(e), e);
        } catch (RuntimeException e) {
            throw new LaunchException(String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public String describe() {
        return "ProcessBuilder (" + System.getProperty(ProcessTaskRunner.LAUNCH_MECHANISM_PROPERTY, "JDK default") + ")";
    }

    /**
     * The JDK reaps its children itself, as soon as they end; {@link ProcessHandle#destroy()} checks
     * the process's start time, so a recycled pid is not signalled either.
     */
    private record JdkProcess(Process process) implements LaunchedProcess {
        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public void drain(OutputSink stdout, OutputSink stderr, Executor readers, Runnable whenDrained) {
            // A blocking stream per pipe, so a thread each; the second to end runs whenDrained.
            AtomicInteger open = new AtomicInteger(2);
            Runnable ended = () -> {
                if (open.decrementAndGet() == 0) {
                    whenDrained.run();
                }
            };
            readers.execute(() -> copy(process.getErrorStream(), stderr, ended));
            readers.execute(() -> copy(process.getInputStream(), stdout, ended));
        }

        private static void copy(InputStream in, OutputSink sink, Runnable ended) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    sink.write(buffer, n);
                }
            } catch (IOException e) {
                // The pipe broke: keep what was read.
            }
            sink.end();
            ended.run();
        }

        @Override
        public int waitFor() throws InterruptedException {
            return process.waitFor();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public List<ProcessHandle> descendants() {
            return process.descendants().toList();
        }

        @Override
        public void signal(boolean force) {
            // Not Process.destroy(): it would also close the pipes and lose the output still in them.
            ProcessHandle handle = process.toHandle();
            if (force) {
                handle.destroyForcibly();
            } else {
                handle.destroy();
            }
        }
    }
}
