package io.factotum.factfile;

import java.util.List;

/**
 * A factfile as decoded from valid JSON, before templating and the DAG rules (rustc-serialize's
 * structs): what depends on the text alone ({@link FactfileParser#decode}). Immutable.
 *
 * @param schema the {@code schema} URI
 * @param name the job name, untemplated
 * @param tasks the tasks as written, untemplated
 */
public record DecodedFactfile(String schema, String name, List<TaskSpec> tasks) {
    public DecodedFactfile {
        tasks = List.copyOf(tasks);
    }

}
