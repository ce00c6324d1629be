package io.factotum.cli;

/**
 * Whether the process's standard output is a terminal, the one fact colours depend on besides the
 * environment (spec 3.8). The JVM cannot ask {@code isatty(1)} without native code, so
 * {@code bin/factotum} asks the shell ({@code [ -t 1 ]}) and passes the answer as the system property
 * {@value #PROPERTY}.
 */
public final class StdoutTerminal {
    /** {@code true} or {@code false}, set by {@code bin/factotum}. */
    public static final String PROPERTY = "factotum.stdout.terminal";

    private StdoutTerminal() { }

    /**
     * The launcher's answer; without it (e.g. {@code java -jar}), whether the JVM's console is a
     * terminal, which means standard input and output both are: never true for a pipe or a file,
     * which is what matters.
     */
    public static boolean detect() {
        String answer = System.getProperty(PROPERTY);
        if (answer != null) {
            return Boolean.parseBoolean(answer.strip());
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ has a console even for pipes and says whether it is a terminal; up to 21 a
            // console exists only for a terminal.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
