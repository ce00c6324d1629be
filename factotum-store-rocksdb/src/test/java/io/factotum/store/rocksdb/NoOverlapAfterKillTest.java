package io.factotum.store.rocksdb;

import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7 item 5: a scheduler node on RocksDB is killed with SIGKILL while its jobs' tasks run and
 * is restarted at once on the same directory; recovery runs the interrupted tasks again. Every
 * task appends its start and end (wall clock, nanoseconds, and its pid) to a file of its own, and
 * records its end also when it is stopped with SIGTERM; the test proves from these records that
 * no two runs of any task overlapped in time.
 *
 * <p>Short by default (CI); {@code reliability/no-overlap.sh} runs it with more jobs, longer tasks
 * and several rounds ({@code -Dnooverlap.jobs}, {@code -Dnooverlap.taskSeconds},
 * {@code -Dnooverlap.restartDelayMillis}).
 */
@EnabledOnOs(OS.LINUX)
class NoOverlapAfterKillTest {
    private static final long WAIT_SECONDS = 120;
    private static final int JOBS = Integer.getInteger("nooverlap.jobs", 3);
    /** How long the first run of each job's first task works (re-runs are short). */
    private static final int TASK_SECONDS = Integer.getInteger("nooverlap.taskSeconds", 20);
    private static final long RESTART_DELAY_MILLIS = Long.getLong("nooverlap.restartDelayMillis", 0);

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final String nodeId = "no-overlap-" + UUID.randomUUID();

    /** Task processes of earlier runs: killed after a failed test (none are left otherwise). */
    private final List<Long> taskPids = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        children.forEach(Process::destroyForcibly);
        taskPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void noTwoRunsOfATaskOverlapAfterTheNodeIsKilledAndRestarted() throws Exception {
        Path store = dir.resolve("store");
        Path records = Files.createDirectories(dir.resolve("records"));
        ChildNode first = child(store);
        List<String> seen = new ArrayList<>();
        first.await("ready"::equals, seen);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String job = "job" + i;
            ids.add(first.submit(job, factfile(job, records), seen));
        }
        // Kill once every job's first task runs (has recorded its start).
        for (int i = 0; i < JOBS; i++) {
            awaitStart(records.resolve("job" + i + "-a"));
        }
        first.process().destroyForcibly(); // SIGKILL
        assertThat(first.process().waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(RESTART_DELAY_MILLIS); // the long variant's "restart after n seconds"; 0 in CI

        ChildNode second = child(store);
        List<String> secondSeen = new ArrayList<>();
        Set<String> unfinished = new HashSet<>(ids);
        while (!unfinished.isEmpty()) {
            String line = second.await(l -> l.startsWith("finished "), secondSeen);
            assertThat(line).endsWith(" SUCCEEDED");
            unfinished.remove(line.split(" ")[1]);
        }
        second.send("quit");
        second.await("closed"::equals, secondSeen);
        assertThat(second.process().waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        int reruns = 0;
        List<String> overlaps = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            for (String task : List.of("a", "b")) {
                List<Run> runs = runs(records.resolve("job" + i + "-" + task));
                for (int r = 1; r < runs.size(); r++) {
                    Run earlier = runs.get(r - 1);
                    if (earlier.end() == Long.MAX_VALUE) {
                        overlaps.add(String.format("job%d-%s: run %d started while run %d still runs (pid %d)",
                                i, task, r + 1, r, earlier.pid()));
                    } else if (earlier.end() > runs.get(r).start()) {
                        overlaps.add(String.format("job%d-%s: run %d started %d ms before run %d ended", i, task,
                                r + 1, (earlier.end() - runs.get(r).start()) / 1_000_000, r));
                    }
                    taskPids.add(earlier.pid());
                }
                reruns += runs.size() - 1;
            }
            assertThat(runs(records.resolve("job" + i + "-a"))).as("job%d-a ran again after the kill", i).hasSizeGreaterThan(1);
        }
        assertThat(reruns).isGreaterThanOrEqualTo(JOBS);
        assertThat(overlaps).as("%d of %d tasks ran twice at once", overlaps.size(), 2 * JOBS).isEmpty();
        for (int i = 0; i < JOBS; i++) {
            for (String task : List.of("a", "b")) {
                assertThat(runs(records.resolve("job" + i + "-" + task))).as("job%d-%s: every run ended", i, task)
                        .allSatisfy(run -> assertThat(run.end()).isLessThan(Long.MAX_VALUE));
            }
        }
    }

    /** One run of a task: start and end in nanoseconds since the epoch. */
    record Run(long pid, long start, long end) {
    }

    /** The runs recorded in a task's file, by start time; every run must have recorded its end. */
    private static List<Run> runs(Path file) throws IOException {
        Map<Long, long[]> byPid = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split(" ");
            long[] times = byPid.computeIfAbsent(Long.parseLong(parts[2]), pid -> new long[] {-1, -1});
            times[parts[0].equals("start") ? 0 : 1] = Long.parseLong(parts[1]);
        }
        List<Run> runs = new ArrayList<>();
        byPid.forEach((pid, times) -> {
            assertThat(times[0]).as("%s: start of pid %d", file.getFileName(), pid).isPositive();
            // No end yet: still running now, after its job finished elsewhere.
            runs.add(new Run(pid, times[0], times[1] > 0 ? times[1] : Long.MAX_VALUE));
        });
        runs.sort((x, y) -> Long.compare(x.start(), y.start()));
        return runs;
    }

    private static void awaitStart(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!Files.exists(file) || Files.readAllLines(file).stream().noneMatch(l -> l.startsWith("start "))) {
            assertThat(System.nanoTime() - deadline).as("%s started", file).isNegative();
            Thread.sleep(10);
        }
    }

    /**
     * Two tasks, b after a: each records "start <ns> <pid>", then works in 0.1 s steps and records
     * "end <ns> <pid>" when done or when stopped with SIGTERM (as the node's watchdog stops it).
     */
    private Path factfile(String job, Path records) throws IOException {
        String a = recordingTask(records.resolve(job + "-a"), TASK_SECONDS * 10);
        String b = recordingTask(records.resolve(job + "-b"), 5);
        String tasks = task("a", a, "") + "," + task("b", b, "a");
        return Files.writeString(dir.resolve(job + ".factfile"),
                "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":\""
                        + job + "\",\"tasks\":[" + tasks + "]}}");
    }

    /**
     * The first run works {@code tenths} tenths of a second, later runs half a second: a first run
     * that outlived its node overlaps the re-run unless the restart took longer than it, however
     * slow the machine, while the test stays short when the first run is stopped as it must be.
     */
    private static String recordingTask(Path file, int tenths) {
        String f = "'" + file + "'";
        // The trap is set first: a run that recorded its start always records its end. Output goes
        // to /dev/null: with its node dead, the shell's "Terminated" notice on a broken stderr pipe
        // would end it with SIGPIPE before its trap could record the end.
        return "exec >/dev/null 2>&1; trap 'echo \"end $(date +%s%N) $$\" >> " + f.replace("'", "\"") + "; exit 143' TERM; "
                + "echo \"start $(date +%s%N) $$\" >> " + f + "; "
                + "n=" + tenths + "; if [ \"$(grep -c start " + f + ")\" -gt 1 ]; then n=5; fi; "
                + "i=0; while [ $i -lt $n ]; do sleep 0.1; i=$((i+1)); done; "
                + "echo \"end $(date +%s%N) $$\" >> " + f;
    }

    private static String task(String name, String command, String dependsOn) {
        return "{\"name\":\"" + name + "\",\"executor\":\"shell\",\"command\":" + new JsonPrimitive(command)
                + ",\"arguments\":[],\"dependsOn\":[" + (dependsOn.isEmpty() ? "" : "\"" + dependsOn + "\"")
                + "],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}";
    }

    /** A child scheduler node on {@code store}, with this test's node id and one worker per job. */
    private ChildNode child(Path store) throws IOException {
        ChildNode child = new ChildNode(List.of("--enable-native-access=ALL-UNNAMED"), NoOverlapChildMain.class,
                List.of(store.toString(), nodeId, Integer.toString(JOBS)),
                dir.resolve("child-stderr-" + children.size() + ".txt"), Duration.ofSeconds(WAIT_SECONDS));
        children.add(child.process());
        return child;
    }
}
