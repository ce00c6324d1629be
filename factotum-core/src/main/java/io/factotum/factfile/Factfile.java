package io.factotum.factfile;

import java.util.List;

/**
 * A parsed, validated and (unless parsed for {@code dot}) templated factfile.
 *
 * @param name the job name
 * @param tasks the tasks in file order; every dependency names an earlier task
 * @param raw the compact re-encoding of the document in Factotum's fixed field order, templated
 *     when variables were given: the input of webhook {@code factfile} and {@code jobReference}
 */
public record Factfile(String name, List<TaskSpec> tasks, String raw) {
    public Factfile {
        tasks = List.copyOf(tasks);
    }

    /** This factfile with every task's mapping replaced by {@link OnResult#dryRun()}. */
    public Factfile withDryRunMappings() {
        return new Factfile(name, tasks.stream().map(t -> t.withOnResult(OnResult.dryRun())).toList(), raw);
    }
}
