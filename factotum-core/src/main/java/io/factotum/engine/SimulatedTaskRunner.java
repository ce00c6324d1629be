package io.factotum.engine;

import io.factotum.factfile.TaskSpec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The dry run (spec 3.3): nothing is spawned; every task "returns" 0 after 0 s with the command
 * table of {@link #commandTable(List)} for that task as its standard output and no standard error.
 */
public final class SimulatedTaskRunner implements TaskRunner {
    @Override
    public RunningTask start(TaskInvocation invocation, TaskOutputListener output) {
        String table = table(List.of(new Row(invocation.task().name(), commandDebug(invocation.commandLine()))));
        return new FinishedTask(TaskResult.of(0, table, "", Duration.ZERO));
    }

    /**
     * Factotum's simulation table ({@code simulation_text}) with one row per task, e.g.
     * <pre>
     * /-------|-----------------------------\
     * | TASK  | COMMAND                     |
     * |-------|-----------------------------|
     * | hello | "sh" "-c" "echo \"hello\""  |
     * \-------|-----------------------------/
     * </pre>
     * Lines are joined with {@code \n} and the last one ends with {@code \n}, as the original. A
     * column is as wide as its longest cell or header plus 2, counting UTF-8 bytes (Rust's
     * {@code len()}), while cells are padded by characters (Rust's formatter); the COMMAND cell is
     * the Rust {@code Debug} text of the {@code sh -c} command.
     */
    public static String commandTable(List<TaskSpec> tasks) {
        return table(tasks.stream().map(t -> new Row(t.name(), commandDebug(t.shellLine()))).toList());
    }

    private record Row(String task, String command) { }

    private static String table(List<Row> rows) {
        int padding = 2;
        int taskWidth = "TASK".length() + padding;
        int commandWidth = "COMMAND".length() + padding;
        for (Row row : rows) {
            taskWidth = Math.max(taskWidth, utf8Length(row.task()) + padding);
            commandWidth = Math.max(commandWidth, utf8Length(row.command()) + padding);
        }
        StringBuilder out = new StringBuilder();
        out.append('/').append("-".repeat(taskWidth)).append('|').append("-".repeat(commandWidth)).append("\\\n");
        cells(out, "TASK", "COMMAND", taskWidth - padding, commandWidth - padding);
        out.append('|').append("-".repeat(taskWidth)).append('|').append("-".repeat(commandWidth)).append("|\n");
        for (Row row : rows) {
            cells(out, row.task(), row.command(), taskWidth - padding, commandWidth - padding);
        }
        out.append('\\').append("-".repeat(taskWidth)).append('|').append("-".repeat(commandWidth)).append("/\n");
        return out.toString();
    }

    private static void cells(StringBuilder out, String task, String command, int taskWidth, int commandWidth) {
        out.append("| ").append(pad(task, taskWidth)).append(" | ").append(pad(command, commandWidth)).append(" |\n");
    }

    private static String pad(String text, int width) {
        int chars = text.codePointCount(0, text.length());
        return chars >= width ? text : text + " ".repeat(width - chars);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Rust's {@code {:?}} of {@code Command::new("sh").arg("-c").arg(line)}. */
    static String commandDebug(String line) {
        return "\"sh\" \"-c\" " + debugString(line);
    }

    /**
     * Rust's {@code Debug} of a string: quotes, {@code \\ \" \t \r \n \0} escaped, other control,
     * format, unassigned, private-use and combining characters as {@code \\u{hex}} (close to Rust's
     * {@code is_printable}/grapheme-extend rules, which only differ on rare code points).
     */
    static String debugString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case 0 -> out.append("\\0");
                default -> {
                    if (printable(cp)) {
                        out.appendCodePoint(cp);
                    } else {
                        out.append("\\u{").append(Integer.toHexString(cp)).append('}');
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
                    Character.PRIVATE_USE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }
}
