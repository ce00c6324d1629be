package io.factotum.factfile;

import java.util.List;

/**
 * One task of a factfile, after templating (see the spec's table 2.3: {@code command} is never
 * templated, {@code name}, {@code arguments} and {@code dependsOn} are).
 */
public record TaskSpec(
        String name,
        String executor,
        String command,
        List<String> arguments,
        List<String> dependsOn,
        OnResult onResult) {

    public TaskSpec {
        arguments = List.copyOf(arguments);
        dependsOn = List.copyOf(dependsOn);
    }

    /** The same task with another exit-code mapping (the dry-run override). */
    public TaskSpec withOnResult(OnResult mapping) {
        return new TaskSpec(name, executor, command, arguments, dependsOn, mapping);
    }

    /**
     * The single string handed to {@code sh -c}: the command, a space, then each argument wrapped in
     * double quotes with no escaping, exactly as Factotum builds it.
     */
    public String shellLine() {
        StringBuilder line = new StringBuilder(command).append(' ');
        for (int i = 0; i < arguments.size(); i++) {
            if (i > 0) {
                line.append(' ');
            }
            line.append('"').append(arguments.get(i)).append('"');
        }
        return line.toString();
    }
}
