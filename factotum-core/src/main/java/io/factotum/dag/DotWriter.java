package io.factotum.dag;

import io.factotum.engine.JobPlan;
import io.factotum.factfile.TaskSpec;

/**
 * Renders a plan as Graphviz text exactly as Factotum's {@code dot} command (spec 6): one node line
 * per task in flattened group order, then every {@code dependsOn} edge of each task in that order.
 * Names are not escaped, and with {@code --start} the start task's own edges are still printed
 * although its parents are not nodes (both as the original).
 */
public final class DotWriter {
    private DotWriter() {
    }

    /** The dot text, without a trailing newline. */
    public static String write(JobPlan plan) {
        StringBuilder dot = new StringBuilder();
        dot.append("digraph \"").append(plan.factfile().name()).append("\" {\n");
        for (TaskSpec task : plan.tasks()) {
            dot.append("    \"").append(task.name()).append("\"\n");
        }
        for (TaskSpec task : plan.tasks()) {
            for (String dep : task.dependsOn()) {
                dot.append("    \"").append(dep).append("\" -> \"").append(task.name()).append("\"\n");
            }
        }
        return dot.append('}').toString();
    }
}
