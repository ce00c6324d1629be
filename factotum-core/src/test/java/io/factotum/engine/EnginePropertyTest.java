package io.factotum.engine;

import io.factotum.factfile.Factfile;
import io.factotum.factfile.OnResult;
import io.factotum.factfile.TaskSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random DAGs, exit codes and {@code onResult} lists, the engine's final states, reasons and
 * exit code equal a small reference model of spec 4.6 written here from scratch (it shares no code
 * with the engine: ancestry, depth and classification are recomputed from {@code dependsOn}).
 * The only input the model takes from the run is the order in which tasks finished, which decides
 * the order of accumulated skip reasons; that order is itself checked against the schedule mode.
 *
 * <p>Reproduce a failure with {@code -Dfactotum.property.seed=<seed> -Dfactotum.property.iterations=1}.
 */
class EnginePropertyTest {
    private static final long DEFAULT_SEED = 0x5EED_F00DL;

    @ParameterizedTest
    @EnumSource(ScheduleMode.class)
    void engineAgreesWithTheReferenceModel(ScheduleMode mode) throws Exception {
        long base = Long.getLong("factotum.property.seed", DEFAULT_SEED);
        int iterations = Integer.getInteger("factotum.property.iterations", 300);
        for (int i = 0; i < iterations; i++) {
            long seed = base + i;
            try {
                checkOne(new Random(seed), mode);
            } catch (Throwable t) {
                throw new AssertionError("property failed for seed " + seed + " in mode " + mode
                        + " (rerun with -Dfactotum.property.seed=" + seed + " -Dfactotum.property.iterations=1): "
                        + t.getMessage(), t);
            }
        }
    }

    private record Scenario(Factfile factfile, Map<String, Integer> exitCodes) { }

    private static Scenario randomScenario(Random random) {
        int n = random.nextInt(10) == 0 ? 100 + random.nextInt(201) : 1 + random.nextInt(40);
        List<TaskSpec> tasks = new ArrayList<>();
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = "t" + i + (char) ('a' + random.nextInt(26));
            List<String> deps = new ArrayList<>();
            int depCount = i == 0 ? 0 : random.nextInt(Math.min(i, 4) + 1);
            for (int d = 0; d < depCount; d++) {
                // Favour recent tasks to get deep graphs; repeats make parallel edges on purpose.
                int window = 1 + random.nextInt(Math.min(i, 8));
                int parent = random.nextBoolean() ? i - 1 - random.nextInt(window) : random.nextInt(i);
                deps.add(tasks.get(parent).name());
            }
            List<Integer> cont = new ArrayList<>();
            List<Integer> terminate = new ArrayList<>();
            for (int code = 0; code <= 4; code++) {
                int pick = random.nextInt(10);
                if (code == 0 ? pick < 8 : pick < 2) {
                    cont.add(code);
                } else if (pick < 4) {
                    terminate.add(code);
                }
            }
            if (cont.isEmpty()) {
                cont.add(terminate.contains(5) ? 6 : 5);
            }
            tasks.add(new TaskSpec(name, "shell", "true", List.of(), deps, new OnResult(terminate, cont)));
            codes.put(name, random.nextInt(10) < 7 ? 0 : random.nextInt(6));
        }
        return new Scenario(new Factfile("random", tasks, "{}"), codes);
    }

    private static void checkOne(Random random, ScheduleMode mode) throws Exception {
        Scenario scenario = randomScenario(random);
        FakeRunner runner = new FakeRunner(random.nextBoolean());
        scenario.exitCodes().forEach(runner::exit);
        RecordingListener listener = new RecordingListener();
        JobOutcome outcome = new JobExecutor(runner, Clock.systemUTC())
                .start(JobPlan.of(scenario.factfile(), Optional.empty()), RunOptions.defaults().withMode(mode), listener)
                .await();

        List<TaskSpec> tasks = scenario.factfile().tasks();
        List<JobEvent> events = listener.events;
        Map<String, Integer> startEvent = new HashMap<>();
        Map<String, Integer> endEvent = new HashMap<>();
        for (int e = 0; e < events.size(); e++) {
            for (TaskTransition t : events.get(e).taskTransitions()) {
                if (t.previous() == TaskState.WAITING && t.current() == TaskState.RUNNING) {
                    assertThat(startEvent.put(t.taskName(), e)).as("started once: %s", t.taskName()).isNull();
                } else if (t.previous() == TaskState.RUNNING && t.current() != TaskState.RUNNING) {
                    assertThat(endEvent.put(t.taskName(), e)).as("ended once: %s", t.taskName()).isNull();
                }
            }
        }

        Reference model = new Reference(tasks, scenario.exitCodes(), endEvent);
        Map<String, TaskSnapshot> actual = outcome.tasks().stream()
                .collect(Collectors.toMap(TaskSnapshot::taskName, s -> s));
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(model.names());
        for (TaskSpec task : tasks) {
            String name = task.name();
            TaskSnapshot snapshot = actual.get(name);
            assertThat(snapshot.state()).as("state of %s", name).isEqualTo(model.state(name));
            assertThat(snapshot.reason()).as("reason of %s", name).isEqualTo(model.reason(name));
            assertThat(snapshot.result().map(TaskResult::returnCode)).as("code of %s", name)
                    .isEqualTo(model.ran(name) ? Optional.of(scenario.exitCodes().get(name)) : Optional.empty());
        }
        assertThat(outcome.exitCode()).isEqualTo(model.exitCode());
        assertThat(Set.copyOf(runner.started)).isEqualTo(model.ranTasks());
        assertThat(runner.started).hasSize(model.ranTasks().size());

        // The event stream: framing, snapshots, and the schedule the mode promises.
        assertThat(RecordingListener.describe(events.get(0))).isEqualTo("job null->WAITING");
        assertThat(RecordingListener.describe(events.get(1))).isEqualTo("job WAITING->RUNNING");
        assertThat(RecordingListener.describe(events.get(events.size() - 1)))
                .isEqualTo(model.exitCode() == 2 ? "job RUNNING->FAILED" : "job RUNNING->SUCCEEDED");
        assertThat(events).allSatisfy(e -> assertThat(e.tasks()).hasSize(tasks.size()));
        assertThat(events.get(events.size() - 1).tasks()).isEqualTo(outcome.tasks());
        for (TaskSpec task : tasks) {
            if (!model.ran(task.name())) {
                continue;
            }
            int start = startEvent.get(task.name());
            assertThat(endEvent.get(task.name())).isGreaterThan(start);
            if (mode == ScheduleMode.EAGER) {
                for (String parent : task.dependsOn()) {
                    assertThat(start).as("%s starts after its parent %s ended", task.name(), parent)
                            .isGreaterThan(endEvent.get(parent));
                }
            } else {
                int depth = model.depth(task.name());
                for (String other : model.ranTasks()) {
                    if (model.depth(other) < depth) {
                        assertThat(start).as("%s (level %d) starts after %s (level %d) ended", task.name(), depth,
                                other, model.depth(other)).isGreaterThan(endEvent.get(other));
                    }
                }
            }
        }
    }

    /** Spec 4.6 from first principles. */
    private static final class Reference {
        private final Map<String, TaskState> states = new HashMap<>();
        private final Map<String, String> reasons = new HashMap<>();
        private final Map<String, Integer> depths = new HashMap<>();
        private final Set<String> ran = new HashSet<>();
        private final List<String> names = new ArrayList<>();

        Reference(List<TaskSpec> tasks, Map<String, Integer> codes, Map<String, Integer> endOrder) {
            Map<String, Set<String>> ancestors = new HashMap<>();
            for (TaskSpec task : tasks) {
                names.add(task.name());
                Set<String> mine = new HashSet<>();
                int depth = 0;
                for (String parent : task.dependsOn()) {
                    mine.add(parent);
                    mine.addAll(ancestors.get(parent));
                    depth = Math.max(depth, depths.get(parent) + 1);
                }
                ancestors.put(task.name(), mine);
                depths.put(task.name(), depth);
                // Dependencies come earlier in the file, so every ancestor is already decided.
                List<String> stoppers = mine.stream().filter(a -> ran.contains(a)
                        && (states.get(a) == TaskState.FAILED || states.get(a) == TaskState.SUCCEEDED_NO_OP))
                        .sorted((a, b) -> Integer.compare(endOrder.get(a), endOrder.get(b))).toList();
                if (!stoppers.isEmpty()) {
                    states.put(task.name(), TaskState.SKIPPED);
                    reasons.put(task.name(), stoppers.stream()
                            .map(a -> "the task '" + a + "' " + (states.get(a) == TaskState.FAILED
                                    ? "failed" : "requested early termination"))
                            .collect(Collectors.joining(", ")));
                    continue;
                }
                ran.add(task.name());
                int code = codes.get(task.name());
                if (task.onResult().terminateJobWithSuccess().contains(code)) {
                    states.put(task.name(), TaskState.SUCCEEDED_NO_OP);
                } else if (task.onResult().continueJob().contains(code)) {
                    states.put(task.name(), TaskState.SUCCEEDED);
                } else {
                    states.put(task.name(), TaskState.FAILED);
                    reasons.put(task.name(), "the task exited with a value not specified in continue_job - " + code
                            + " (task expects one of the following return codes to continue "
                            + task.onResult().continueJob().toString().replace(" ", "") + ")");
                }
            }
        }

        List<String> names() {
            return names;
        }

        TaskState state(String task) {
            return states.get(task);
        }

        Optional<String> reason(String task) {
            return Optional.ofNullable(reasons.get(task));
        }

        boolean ran(String task) {
            return ran.contains(task);
        }

        Set<String> ranTasks() {
            return ran;
        }

        int depth(String task) {
            return depths.get(task);
        }

        int exitCode() {
            return states.containsValue(TaskState.FAILED) ? 2 : 0;
        }
    }
}
