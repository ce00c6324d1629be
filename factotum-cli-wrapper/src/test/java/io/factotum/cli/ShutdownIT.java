package io.factotum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT (spec 4.8): the notice, the grace period, SIGKILL for what ignores TERM, the
 * remaining groups skipped, the summary, the exit code, and no process of the run left behind.
 */
class ShutdownIT {
    @TempDir
    Path dir;

    /** A started CLI whose standard output is read line by line. */
    private static final class RunningCli {
        final Process process;
        final BufferedReader stdout;
        final CompletableFuture<String> stderr;
        final List<String> lines = new ArrayList<>();

        RunningCli(ProcessBuilder builder) throws Exception {
            process = builder.start();
            process.getOutputStream().close();
            stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            stderr = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        /** Reads standard output until a line equal to {@code wanted} (blocking on the pipe, no sleeping). */
        void awaitLine(String wanted) throws Exception {
            String line;
            while ((line = stdout.readLine()) != null) {
                lines.add(line);
                if (line.equals(wanted)) {
                    return;
                }
            }
            throw new AssertionError("no line '" + wanted + "' before the end of output: " + lines
                    + "\nstderr: " + stderr.get());
        }

        /** Reads the rest of standard output, then waits for the exit. */
        int finish() throws Exception {
            String line;
            while ((line = stdout.readLine()) != null) {
                lines.add(line);
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not exit");
            }
            return process.exitValue();
        }
    }

    private static List<ProcessHandle> descendants(Process process) {
        return process.descendants().toList();
    }

    /**
     * Every process of the run ends. A killed process lingers as a zombie until init reaps it, so
     * this waits for each exit; one that was really left running (e.g. a 30 s or 60 s sleep) does
     * not end within the bound and fails the test.
     */
    private static void assertAllEnd(List<ProcessHandle> processes) throws Exception {
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("process " + process.pid() + " of the run is still alive: "
                        + process.info().commandLine().orElse("?"));
            }
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    @Test
    void sigtermResistantSample() throws Exception {
        ProcessBuilder builder = Factotum.builder(dir, List.of("run",
                Factotum.testdata("factfiles/sigterm-resistant.factfile").toString()));
        // Shorter than Factotum's 5 s so the suite stays quick; the default is tested by the unit tests.
        builder.environment().put(FactotumCli.GRACE_PERIOD_ENV, "1000");
        RunningCli cli = new RunningCli(builder);
        cli.awaitLine("[IgnoresSIGTERM] Task started, will ignore SIGTERM...");
        List<ProcessHandle> children = descendants(cli.process);
        assertThat(children).isNotEmpty();

        // SIGTERM to the JVM (bin/factotum execs it); Process.destroy() would also close our pipes.
        signal("TERM", cli.process.pid());
        int exit = cli.finish();
        String stderr = cli.stderr.get();

        assertThat(cli.lines).containsSubsequence(
                "[IgnoresSIGTERM] Task started, will ignore SIGTERM...",
                "",
                "Received shutdown signal, terminating gracefully...",
                "Terminating 1 child process(es) gracefully...",
                "Force-killing 1 remaining process(es)...");
        assertThat(String.join("\n", cli.lines)).doesNotContain("Task completed normally")
                .doesNotContain("This task should never run");
        // The killed task fails (code 1, not in continueJob), so ShouldNotRun is skipped: exit 2.
        assertThat(exit).isEqualTo(2);
        assertThat(cli.lines).anyMatch(l -> l.startsWith("1/2 tasks run in "));
        assertThat(stderr).doesNotContain("Exception").doesNotContain("\tat ");
        assertAllEnd(children);
    }

    @Test
    void sigintStopsACooperativeJobAndSkipsTheRemainingGroups() throws Exception {
        // The task's child is started before the marker line, so it is among the collected descendants.
        Path factfile = dir.resolve("cooperative.factfile");
        Files.writeString(factfile, SampleFactfiles.job("cooperative", List.of(
                SampleFactfiles.task("worker", "sleep 60 & echo ready; wait", List.of()),
                SampleFactfiles.task("after", "echo never", List.of("worker")))));
        RunningCli cli = new RunningCli(Factotum.builder(dir, List.of("run", factfile.toString())));
        cli.awaitLine("[worker] ready");
        List<ProcessHandle> children = descendants(cli.process);
        assertThat(children).hasSizeGreaterThanOrEqualTo(2);

        signal("INT", cli.process.pid());
        signal("TERM", cli.process.pid()); // later signals are swallowed
        int exit = cli.finish();
        String stderr = cli.stderr.get();

        assertThat(cli.lines).containsSubsequence(
                "",
                "Received shutdown signal, terminating gracefully...",
                "Terminating 1 child process(es) gracefully...");
        assertThat(cli.lines).filteredOn(l -> l.startsWith("Received shutdown signal")).hasSize(1);
        assertThat(cli.lines).noneMatch(l -> l.startsWith("Force-killing"));
        assertThat(cli.lines).noneMatch(l -> l.contains("never"));
        assertThat(stderr).contains("Shutdown requested, skipping remaining task groups\n");
        assertThat(exit).isEqualTo(2);
        assertAllEnd(children);
    }
}
