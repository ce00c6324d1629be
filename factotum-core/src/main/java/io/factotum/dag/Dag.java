package io.factotum.dag;

import io.factotum.factfile.Factfile;
import io.factotum.factfile.TaskSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A factfile's tasks as Factotum's graph: every root task hangs off a hidden root node, and the
 * children of a node are listed in <em>reverse</em> order of edge creation (spec 1.5), which is
 * what fixes the in-level order of the groups (spec 4.1) and therefore of dot output and webhook
 * {@code taskStates}.
 *
 * <p>Edges are created in file order of the child and, within a child, in {@code dependsOn} order;
 * a dependency named twice is two parallel edges, so the child appears twice in
 * {@link #children(String)}. Immutable and thread-safe.
 */
public final class Dag {
    private final List<TaskSpec> tasks;
    private final Map<String, Integer> indexByName;
    /** Per node (tasks by file index, then the hidden root at index {@code tasks.size()}). */
    private final int[][] children;
    private final int[][] parents;
    private final int root;

    private Dag(List<TaskSpec> tasks, Map<String, Integer> indexByName, int[][] children, int[][] parents) {
        this.tasks = tasks;
        this.indexByName = indexByName;
        this.children = children;
        this.parents = parents;
        this.root = tasks.size();
    }

    /**
     * Builds the graph. The parser has already rejected the cases below with clean messages
     * (ruling 1); they are re-checked here, with Factotum's own texts, so a hand-built
     * {@link Factfile} cannot yield a broken graph.
     *
     * @throws IllegalArgumentException {@code Key '<name>' already exists!},
     *     {@code A task cannot depend on itself}, or
     *     {@code A task must have it's dependencies already defined - couldn't find definition of <dep>}
     */
    public static Dag of(Factfile factfile) {
        List<TaskSpec> tasks = factfile.tasks();
        int n = tasks.size();
        Map<String, Integer> index = new HashMap<>();
        List<List<Integer>> childLists = new ArrayList<>(n + 1);
        int[][] parents = new int[n + 1][];
        for (int i = 0; i <= n; i++) {
            childLists.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            TaskSpec task = tasks.get(i);
            if (index.containsKey(task.name())) {
                throw new IllegalArgumentException("Key '" + task.name() + "' already exists!");
            }
            List<String> deps = task.dependsOn();
            int[] taskParents = new int[deps.isEmpty() ? 1 : deps.size()];
            if (deps.isEmpty()) {
                taskParents[0] = n;
                childLists.get(n).add(i);
            }
            for (int d = 0; d < deps.size(); d++) {
                String dep = deps.get(d);
                if (dep.equals(task.name())) {
                    throw new IllegalArgumentException("A task cannot depend on itself");
                }
                Integer parent = index.get(dep);
                if (parent == null) {
                    throw new IllegalArgumentException(
                            "A task must have it's dependencies already defined - couldn't find definition of " + dep);
                }
                taskParents[d] = parent;
                childLists.get(parent).add(i);
            }
            parents[i] = taskParents;
            index.put(task.name(), i);
        }
        parents[n] = new int[0];
        int[][] children = new int[n + 1][];
        for (int i = 0; i <= n; i++) {
            List<Integer> list = childLists.get(i);
            // petgraph prepends each new edge: iteration order is the reverse of creation order.
            int[] reversed = new int[list.size()];
            for (int k = 0; k < reversed.length; k++) {
                reversed[k] = list.get(list.size() - 1 - k);
            }
            children[i] = reversed;
        }
        return new Dag(tasks, Map.copyOf(index), children, parents);
    }

    /** The tasks in file order. */
    public List<TaskSpec> tasks() {
        return tasks;
    }

    /** The task with exactly this name, wherever it is in the graph. */
    public Optional<TaskSpec> task(String name) {
        Integer i = indexByName.get(name);
        return i == null ? Optional.empty() : Optional.of(tasks.get(i));
    }

    /** Direct children in Factotum's iteration order (spec 1.5), parallel edges repeated; empty if unknown. */
    public List<String> children(String name) {
        Integer i = indexByName.get(name);
        return i == null ? List.of() : names(children[i]);
    }

    /** The tasks this one depends on, in {@code dependsOn} order; empty for roots and unknown names. */
    public List<String> parents(String name) {
        Integer i = indexByName.get(name);
        return i == null ? List.of() : tasks.get(i).dependsOn();
    }

    /**
     * Every task reachable from this one, sorted (by code point, as Rust sorts strings) and
     * de-duplicated; empty for a leaf or an unknown name.
     */
    public List<String> descendants(String name) {
        Integer i = indexByName.get(name);
        if (i == null) {
            return List.of();
        }
        Set<String> sorted = new TreeSet<>(Dag::compareCodePoints);
        for (int d : descendantIndexes(i)) {
            sorted.add(tasks.get(d).name());
        }
        return List.copyOf(sorted);
    }

    /** The groups of the whole job (spec 4.1), starting from the root's children. */
    public List<List<TaskSpec>> levels() {
        return specs(levelsOf(children[root]));
    }

    /**
     * The groups of a run started at {@code start} (spec 4.2): {@code [[start]]} followed by the
     * groups computed from its children. Does not check {@link #isProperSubTree(String)}.
     *
     * @throws IllegalArgumentException {@code cannot start from <start> - task does not exist}
     */
    public List<List<TaskSpec>> levelsFrom(String start) {
        Integer s = indexByName.get(start);
        if (s == null) {
            throw new IllegalArgumentException("cannot start from " + start + " - task does not exist");
        }
        List<int[]> levels = new ArrayList<>();
        levels.add(new int[] {s});
        levels.addAll(levelsOf(children[s]));
        return specs(levels);
    }

    /**
     * Factotum's {@code is_proper_sub_tree} (spec 4.2), false negative quirk included: a parent
     * that is a descendant deeper than the child's breadth-first distance is not yet "allowed".
     *
     * @throws IllegalArgumentException if no task has this name
     */
    public boolean isProperSubTree(String start) {
        Integer s = indexByName.get(start);
        if (s == null) {
            throw new IllegalArgumentException("cannot start from " + start + " - task does not exist");
        }
        return isProperSubTree(s);
    }

    /** The same check from the hidden root (always true; kept for the conformance test). */
    boolean isProperSubTreeFromRoot() {
        return isProperSubTree(root);
    }

    private boolean isProperSubTree(int start) {
        boolean[] allowed = new boolean[tasks.size() + 1];
        allowed[start] = true;
        // Breadth-first by distance; repeated nodes in a row change nothing but cost, so rows are sets.
        Set<Integer> current = new LinkedHashSet<>(List.of(start));
        while (!current.isEmpty()) {
            Set<Integer> next = new LinkedHashSet<>();
            for (int c : current) {
                for (int child : children[c]) {
                    allowed[child] = true;
                    next.add(child);
                }
            }
            for (int c : current) {
                if (c == start) {
                    continue;
                }
                for (int p : parents[c]) {
                    if (!allowed[p]) {
                        return false;
                    }
                }
            }
            current = next;
        }
        return true;
    }

    /**
     * Factotum's {@code get_tasks_in_order}: each row lists a level's start nodes in first-appearance
     * order, removing them from every earlier row; the next start list is the concatenation of their
     * children. Duplicates in a start list cannot change first appearances or the set of children,
     * so each start list is de-duplicated (the original's lists can grow exponentially on diamonds).
     */
    private List<int[]> levelsOf(int[] start) {
        List<List<Integer>> tree = new ArrayList<>();
        int[] rowOf = new int[tasks.size()];
        java.util.Arrays.fill(rowOf, -1);
        List<Integer> starts = dedup(start);
        while (!starts.isEmpty()) {
            int rowIndex = tree.size();
            List<Integer> row = new ArrayList<>(starts.size());
            for (int node : starts) {
                if (rowOf[node] >= 0) {
                    tree.get(rowOf[node]).remove(Integer.valueOf(node));
                }
                rowOf[node] = rowIndex;
                row.add(node);
            }
            tree.add(row);
            LinkedHashSet<Integer> next = new LinkedHashSet<>();
            for (int node : starts) {
                for (int child : children[node]) {
                    next.add(child);
                }
            }
            starts = new ArrayList<>(next);
        }
        List<int[]> result = new ArrayList<>(tree.size());
        for (List<Integer> row : tree) {
            // A row emptied by removals still counts as a group in the original; it holds no task, so
            // it changes no event, state or order. Dropping it keeps levels() free of empty groups.
            if (!row.isEmpty()) {
                result.add(row.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return result;
    }

    private int[] descendantIndexes(int from) {
        boolean[] seen = new boolean[tasks.size()];
        List<Integer> found = new ArrayList<>();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        todo.push(from);
        while (!todo.isEmpty()) {
            for (int child : children[todo.pop()]) {
                if (!seen[child]) {
                    seen[child] = true;
                    found.add(child);
                    todo.push(child);
                }
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Integer> dedup(int[] nodes) {
        LinkedHashSet<Integer> set = new LinkedHashSet<>();
        for (int node : nodes) {
            set.add(node);
        }
        return new ArrayList<>(set);
    }

    private List<String> names(int[] nodes) {
        List<String> names = new ArrayList<>(nodes.length);
        for (int node : nodes) {
            names.add(tasks.get(node).name());
        }
        return Collections.unmodifiableList(names);
    }

    private List<List<TaskSpec>> specs(List<int[]> levels) {
        List<List<TaskSpec>> result = new ArrayList<>(levels.size());
        for (int[] level : levels) {
            List<TaskSpec> row = new ArrayList<>(level.length);
            for (int node : level) {
                row.add(tasks.get(node));
            }
            result.add(List.copyOf(row));
        }
        return List.copyOf(result);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
