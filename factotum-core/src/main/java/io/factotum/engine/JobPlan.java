package io.factotum.engine;

import io.factotum.dag.Dag;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.TaskSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run will execute: the factfile's groups (spec 4.1), or with {@code --start} the start task
 * and its descendants only (spec 4.2). The flattened group order is the "task-list order" used for
 * snapshots, skip transitions, summaries and dot.
 */
public final class JobPlan {
    private final Factfile factfile;
    private final Optional<String> startTask;
    private final Dag dag;
    private final List<List<TaskSpec>> levels;
    private final List<TaskSpec> tasks;
    private final Map<String, Integer> position;
    private final Map<String, TaskSnapshot> priorResults;

    private JobPlan(Factfile factfile, Optional<String> startTask, Dag dag, List<List<TaskSpec>> levels) {
        this(factfile, startTask, dag, levels, Map.of());
    }

    private JobPlan(Factfile factfile, Optional<String> startTask, Dag dag, List<List<TaskSpec>> levels,
            Map<String, TaskSnapshot> priorResults) {
        this.priorResults = priorResults;
        this.factfile = factfile;
        this.startTask = startTask;
        this.dag = dag;
        this.levels = levels;
        this.tasks = levels.stream().flatMap(List::stream).toList();
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (positions.putIfAbsent(tasks.get(i).name(), i) != null) {
                // Factotum's TaskList guard; unreachable from a Dag, kept as the invariant's check.
                throw new IllegalArgumentException("Task '" + tasks.get(i).name()
                        + "' has been added already - task names must be unique");
            }
        }
        this.position = Map.copyOf(positions);
    }

    /** A plan over explicit groups; the task names across all groups must be unique. */
    static JobPlan fromGroups(Factfile factfile, Optional<String> startTask, Dag dag, List<List<TaskSpec>> levels) {
        return new JobPlan(factfile, startTask, dag, List.copyOf(levels));
    }

    /**
     * The plan {@code factotum run} makes: with {@code dryRun} every task's exit-code mapping is
     * first replaced by {@link Factfile#withDryRunMappings()} (spec 1.4 step 7), then as {@link #of}.
     */
    public static JobPlan forRun(Factfile factfile, Optional<String> startTask, boolean dryRun) throws PlanException {
        return of(dryRun ? factfile.withDryRunMappings() : factfile, startTask);
    }

    /**
     * Plans a run.
     *
     * @throws PlanException if the start task does not exist or is not a proper sub-tree
     * @throws IllegalArgumentException if the factfile's graph is invalid (see {@link Dag#of})
     */
    public static JobPlan of(Factfile factfile, Optional<String> startTask) throws PlanException {
        Dag dag = Dag.of(factfile);
        if (startTask.isEmpty()) {
            return new JobPlan(factfile, startTask, dag, dag.levels());
        }
        String start = startTask.get();
        if (dag.task(start).isEmpty()) {
            throw new PlanException(PlanException.Reason.TASK_NOT_FOUND);
        }
        if (!dag.isProperSubTree(start)) {
            throw new PlanException(PlanException.Reason.NOT_A_SUB_TREE);
        }
        return new JobPlan(factfile, startTask, dag, dag.levelsFrom(start));
    }

    /**
     * This plan, continuing an earlier run of the same job (resume, crash recovery): every planned
     * task whose entry in {@code prior} has a run result and is {@code SUCCEEDED},
     * {@code SUCCEEDED_NO_OP} or {@code FAILED} keeps that state and result and is not run again;
     * the descendants of a kept no-op or failed task are skipped as they were then (spec 4.6). Every
     * other planned task (waiting, running when the earlier run stopped, skipped, or absent from
     * {@code prior}) runs as usual once its parents allow. Entries for unplanned tasks are ignored.
     *
     * <p>To re-run failed tasks (resume), leave them out of {@code prior}.
     */
    public JobPlan withPriorResults(Map<String, TaskSnapshot> prior) {
        Map<String, TaskSnapshot> kept = new HashMap<>();
        prior.forEach((name, snapshot) -> {
            if (position.containsKey(name) && isKept(snapshot)) {
                kept.put(name, snapshot);
            }
        });
        return new JobPlan(factfile, startTask, dag, levels, Map.copyOf(kept));
    }

    private static boolean isKept(TaskSnapshot snapshot) {
        TaskState state = snapshot.state();
        return snapshot.result().isPresent()
                && (state == TaskState.SUCCEEDED || state == TaskState.SUCCEEDED_NO_OP || state == TaskState.FAILED);
    }

    /** The results this plan keeps from an earlier run, by task name (see {@link #withPriorResults}). */
    public Map<String, TaskSnapshot> priorResults() {
        return priorResults;
    }

    public Factfile factfile() {
        return factfile;
    }

    public Optional<String> startTask() {
        return startTask;
    }

    /** The groups, run one after another in {@link ScheduleMode#LEVELS}. */
    public List<List<TaskSpec>> levels() {
        return levels;
    }

    /** The planned tasks in flattened group order. */
    public List<TaskSpec> tasks() {
        return tasks;
    }

    public Dag dag() {
        return dag;
    }

    /** Index of a planned task in {@link #tasks()}, or -1. */
    int indexOf(String taskName) {
        Integer i = position.get(taskName);
        return i == null ? -1 : i;
    }

    /**
     * The descendants of the planned task at {@code index}, as indexes in task-list order (the skip
     * order of spec 4.6). Computed on demand: only failing and no-op tasks need it.
     */
    int[] descendantIndexes(int index) {
        boolean[] seen = new boolean[tasks.size()];
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        todo.push(tasks.get(index).name());
        while (!todo.isEmpty()) {
            for (String child : dag.children(todo.pop())) {
                int c = indexOf(child);
                if (c >= 0 && !seen[c]) {
                    seen[c] = true;
                    todo.push(child);
                }
            }
        }
        int count = 0;
        for (boolean s : seen) {
            count += s ? 1 : 0;
        }
        int[] result = new int[count];
        int k = 0;
        for (int i = 0; i < seen.length; i++) {
            if (seen[i]) {
                result[k++] = i;
            }
        }
        return result;
    }

    /** For each planned task, the indexes of its parents that are part of the plan. */
    int[][] parentIndexes() {
        int[][] result = new int[tasks.size()][];
        for (int i = 0; i < tasks.size(); i++) {
            List<Integer> parents = new ArrayList<>();
            for (String dep : tasks.get(i).dependsOn()) {
                int p = indexOf(dep);
                if (p >= 0 && !parents.contains(p)) {
                    parents.add(p);
                }
            }
            result[i] = parents.stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }
}
