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

    private JobPlan(Factfile factfile, Optional<String> startTask, Dag dag, List<List<TaskSpec>> levels) {
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
