package io.factotum.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A tiny {@code sh} process that leads the process group this node's tasks run in and stops them
 * all when the JVM dies. It reads a pipe whose only writer is the JVM; the kernel closes that pipe
 * however the JVM ends ({@code kill -9} included), so the watchdog then sends SIGTERM to its group,
 * waits up to the grace period for the tasks to go, sends SIGKILL to what is left (itself last),
 * and is gone. A task's processes are therefore never left running after their node died, and
 * the node that continues the job (this one restarted, or another one) cannot start it a second
 * time while the first run is still going, as long as it waits for them ({@link #awaitOrphans}).
 *
 * <p>The cost per task is nil: tasks are started straight into the watchdog's group by
 * {@code posix_spawn} ({@link PosixSpawnLauncher#inProcessGroup}), atomically, with no extra
 * process or exec. A task that moves itself to another group or session ({@code setsid}, a shell
 * with job control) leaves the watchdog's reach, as it would leave any process-group scheme.
 *
 * <p>The watchdog is recognisable from outside by its arguments ({@link #NAME} and the node id),
 * so that a restarted node finds the watchdogs its previous incarnation left and waits for their
 * groups to empty before it runs anything.
 */
final class TaskGroupWatchdog implements AutoCloseable {
    /** The watchdog's {@code $0}, how {@link #awaitOrphans} recognises it in {@code /proc}. */
    static final String NAME = "factotum-task-watchdog";
    /** How often the watchdog looks whether its group has emptied, in milliseconds. */
    private static final int POLL_MILLIS = 50;

    /**
     * {@code $1}: how many polls of {@value #POLL_MILLIS} ms the tasks get after SIGTERM; {@code $2}
     * and {@code $3}: the node id and the JVM's pid (only for recognition). Signals from the terminal or a careless {@code kill} are
     * ignored, so the watchdog only ends when its duty is done. The JVM never writes to the pipe:
     * {@code read} returns at end-of-file. A group member counts while it is not a zombie.
     */
    private static final String SCRIPT = String.join("\n",
            "trap '' HUP INT TERM QUIT PIPE",
            "exec >/dev/null",
            "while read -r _; do :; done",
            "others() {",
            "  for f in /proc/[0-9]*/stat; do",
            "    [ \"$f\" = \"/proc/$$/stat\" ] && continue",
            "    { read -r s < \"$f\"; } 2>/dev/null || continue",
            "    set -- ${s##*[)] }",
            "    [ \"$3\" = \"$$\" ] && [ \"$1\" != Z ] && return 0",
            "  done",
            "  return 1",
            "}",
            "rounds=$1",
            "kill -TERM 0 2>/dev/null",
            "while [ \"$rounds\" -gt 0 ] && others; do sleep 0." + String.format("%03d", POLL_MILLIS) + "; rounds=$((rounds - 1)); done",
            "kill -KILL 0");

    private final PosixSpawnLauncher.Lifeline lifeline;

    private TaskGroupWatchdog(PosixSpawnLauncher.Lifeline lifeline) {
        this.lifeline = lifeline;
    }

    /**
     * Starts a watchdog for {@code nodeId}'s tasks.
     *
     * @param grace how long tasks get between SIGTERM and SIGKILL once the JVM is gone
     */
    static TaskGroupWatchdog start(PosixSpawnLauncher launcher, String shell, String nodeId, Duration grace)
            throws ProcessLauncher.LaunchException {
        Objects.requireNonNull(nodeId, "nodeId");
        long rounds = Math.max(1, grace.toMillis() / POLL_MILLIS);
        return new TaskGroupWatchdog(launcher.launchWithLifeline(shell, "-c", SCRIPT, NAME,
                Long.toString(rounds), nodeId, Long.toString(ProcessHandle.current().pid())));
    }

    /** The process group the tasks must start in: the watchdog's pid. */
    int processGroup() {
        return (int) lifeline.process().pid();
    }

    /** Whether the watchdog still runs: tasks started in its group are covered only then. */
    boolean isAlive() {
        return lifeline.process().isAlive();
    }

    /**
     * Lets the watchdog go as if the JVM had died: tasks still in the group get SIGTERM, then SIGKILL
     * after the grace period; returns once the watchdog has ended (and was reaped).
     */
    @Override
    public void close() throws InterruptedException {
        lifeline.cut();
        try {
            lifeline.process().waitFor();
        } catch (IOException e) {
            // Reaped elsewhere: nothing left to wait for.
        }
    }

    /**
     * Waits until no process is left of the task groups that earlier watchdogs for {@code nodeId}
     * led, i.e. of a previous incarnation of this node that died: their watchdogs are stopping them
     * now. Whatever is left at {@code deadline} is sent SIGKILL, and waited for again.
     *
     * @return how many such groups were found
     */
    static int awaitOrphans(String nodeId, Duration deadline) throws InterruptedException {
        List<Long> groups = watchdogsOf(nodeId);
        if (groups.isEmpty()) {
            return 0;
        }
        long end = System.nanoTime() + deadline.toNanos();
        boolean killed = false;
        while (groups.stream().anyMatch(TaskGroupWatchdog::groupHasMembers)) {
            if (!killed && System.nanoTime() - end > 0) {
                for (long group : groups) {
                    if (groupHasMembers(group)) { // an emptied group's id may belong to another group by now
                        killGroup(group);
                    }
                }
                killed = true;
                end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            } else if (killed && System.nanoTime() - end > 0) {
                throw new IllegalStateException("Task processes of a previous run of node " + nodeId
                        + " are still running in process groups " + groups + " and do not die");
            }
            Thread.sleep(POLL_MILLIS);
        }
        return groups.size();
    }

    /**
     * The pids (= group ids) of watchdogs for {@code nodeId} whose JVM is gone: their parent is no
     * longer the JVM that started them (they were re-parented when it died). A live node's watchdog,
     * e.g. of another process using the same node id by mistake, is never touched.
     */
    private static List<Long> watchdogsOf(String nodeId) {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                List<String> argv = commandLine(dir);
                // sh -c SCRIPT NAME rounds nodeId jvmPid
                if (argv.size() == 7 && argv.get(3).equals(NAME) && argv.get(5).equals(nodeId)) {
                    long pid = Long.parseLong(dir.getFileName().toString());
                    OptionalLong parent = statField(pid, 1);
                    if (parent.isPresent() && !Long.toString(parent.getAsLong()).equals(argv.get(6))) {
                        found.add(pid);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc (not Linux): there are no watchdogs either.
        }
        return found;
    }

    private static List<String> commandLine(Path dir) {
        try {
            String raw = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : List.of(raw.substring(0, raw.length() - 1).split("\0", -1));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Whether any process that is not a zombie is in process group {@code group}. */
    static boolean groupHasMembers(long group) {
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                long pid = Long.parseLong(dir.getFileName().toString());
                OptionalLong pgrp = statField(pid, 2);
                if (pgrp.isPresent() && pgrp.getAsLong() == group && !"Z".equals(state(pid))) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    private static void killGroup(long group) {
        // The group still has members (just checked), so its id cannot have been given to another.
        PosixSpawnLauncher.killProcessGroup((int) group);
    }

    /** Field {@code index} after the command name in {@code /proc/<pid>/stat}: 1 = ppid, 2 = pgrp. */
    private static OptionalLong statField(long pid, int index) {
        String[] fields = statFields(pid);
        if (fields.length <= index) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(fields[index]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String state(long pid) {
        String[] fields = statFields(pid);
        return fields.length > 0 ? fields[0] : "X";
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name: state, ppid, pgrp, ... */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 ? new String[0] : stat.substring(end + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }
}
