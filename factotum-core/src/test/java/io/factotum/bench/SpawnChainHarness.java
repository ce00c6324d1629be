package io.factotum.bench;

import io.factotum.engine.JobExecutor;
import io.factotum.engine.JobListener;
import io.factotum.engine.JobOutcome;
import io.factotum.engine.JobPlan;
import io.factotum.engine.ProcessTaskRunner;
import io.factotum.engine.RunOptions;
import io.factotum.engine.ScheduleMode;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.OnResult;
import io.factotum.factfile.TaskSpec;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Times a chain of {@code true} tasks through {@link JobExecutor} and {@link ProcessTaskRunner},
 * without JMH and without the CLI (used by {@code bench/spawn-chain.sh}). Not a test.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED [-Dfactotum.spawn=posix|jdk]
 *     [-Djdk.lang.Process.launchMechanism=POSIX_SPAWN|VFORK] -cp &lt;factotum-core classes, test-classes, JNA&gt; \
 *     io.factotum.bench.SpawnChainHarness [tasks=1500] [LEVELS|EAGER] [runs=1]</pre>
 *
 * Prints one {@code engine_seconds=...} line per run: the time from starting the run to its
 * outcome, i.e. JVM start-up excluded.
 */
public final class SpawnChainHarness {
    private SpawnChainHarness() {
    }

    public static void main(String[] args) throws Exception {
        ProcessTaskRunner.prepareInBackground(); // as a main should: native code loads while the plan is built
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        ScheduleMode mode = args.length > 1 ? ScheduleMode.valueOf(args[1]) : ScheduleMode.LEVELS;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        JobPlan plan = JobPlan.of(chain(tasks), Optional.empty());
        // The runner's own choice unless -D forces one; -Dbench.nodeBound=true: a scheduler node's
        // runner, whose tasks start in its watchdog's process group (issue 7 item 5).
        ProcessTaskRunner runner = Boolean.getBoolean("bench.nodeBound")
                ? ProcessTaskRunner.boundToNode("bench-" + ProcessHandle.current().pid(), java.time.Duration.ofSeconds(1))
                : new ProcessTaskRunner();
        String mechanism = runner.launchMechanism().replace(' ', '_');
        for (int run = 1; run <= runs; run++) {
            long start = System.nanoTime();
            JobOutcome outcome = new JobExecutor(runner, Clock.systemUTC())
                    .start(plan, RunOptions.defaults().withMode(mode), JobListener.NONE).await();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (outcome.hasErrors() || outcome.executedCount() != tasks) {
                throw new IllegalStateException("chain did not run cleanly: " + outcome.failedTasks());
            }
            System.out.printf("engine_seconds=%.3f run=%d tasks=%d per_task_ms=%.3f mechanism=%s java=%s mode=%s%n",
                    seconds, run, tasks, seconds * 1000 / tasks, mechanism, Runtime.version(), mode);
        }
    }

    /** task0 <- task1 <- ... : every task runs {@code true} after the previous one. */
    static Factfile chain(int tasks) {
        List<TaskSpec> specs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            specs.add(new TaskSpec("task" + i, "shell", "true", List.of(),
                    i == 0 ? List.of() : List.of("task" + (i - 1)), new OnResult(List.of(), List.of(0))));
        }
        return new Factfile("spawn chain", specs, "{}");
    }
}
