package io.factotum.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The process's standard output and error, as Factotum writes them: UTF-8, flushed per write, and
 * one lock for both streams so that lines of tasks running in parallel never interleave within a
 * line. Colours are the ANSI codes of Rust's {@code colored} crate and are left out when disabled.
 */
public final class Console {
    private static final String RESET = "\u001b[0m";

    private final OutputStream out;
    private final OutputStream err;
    private final boolean colours;
    private final Object lock;

    public Console(OutputStream out, OutputStream err, boolean colours) {
        this(out, err, colours, new Object());
    }

    private Console(OutputStream out, OutputStream err, boolean colours, Object lock) {
        this.out = out;
        this.err = err;
        this.colours = colours;
        this.lock = lock;
    }

    /**
     * Whether colours are on, decided as Rust's {@code colored} 1.9 crate does for Factotum (spec
     * 3.8), once per process and for both streams: {@code CLICOLOR_FORCE} set and not {@code 0}
     * always colours (even with {@code --no-colour}, which only sets {@code CLICOLOR=0}); else
     * {@code NO_COLOR} (any value), {@code --no-colour} or {@code CLICOLOR=0} turn colours off; else
     * they are on only when standard output is a terminal.
     *
     * @param environment the process environment
     * @param noColourFlag {@code --no-colour} was given
     * @param stdoutIsTerminal standard output is a terminal (see {@link StdoutTerminal})
     */
    public static boolean coloursEnabled(Map<String, String> environment, boolean noColourFlag,
                                         boolean stdoutIsTerminal) {
        String force = environment.get("CLICOLOR_FORCE");
        if (force != null && !"0".equals(force)) {
            return true;
        }
        if (environment.containsKey("NO_COLOR") || noColourFlag || "0".equals(environment.get("CLICOLOR"))) {
            return false;
        }
        return stdoutIsTerminal;
    }

    /** This console (same streams, same lock) with colours switched on or off. */
    public Console withColours(boolean enabled) {
        return enabled == colours ? this : new Console(out, err, enabled, lock);
    }

    /** Writes text to standard output exactly as given. */
    public void print(String text) {
        write(out, text);
    }

    /** Writes a line to standard output. */
    public void println(String line) {
        write(out, line + "\n");
    }

    /** Writes text to standard error exactly as given. */
    public void printErr(String text) {
        write(err, text);
    }

    /** Writes a line to standard error. */
    public void printlnErr(String line) {
        write(err, line + "\n");
    }

    public String cyan(String text) {
        return paint("36", text);
    }

    public String green(String text) {
        return paint("32", text);
    }

    public String red(String text) {
        return paint("31", text);
    }

    public String yellow(String text) {
        return paint("33", text);
    }

    private String paint(String code, String text) {
        return colours ? "\u001b[" + code + "m" + text + RESET : text;
    }

    private void write(OutputStream stream, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            try {
                stream.write(bytes);
                stream.flush();
            } catch (IOException e) {
                // The reader went away (e.g. `factotum run ... | head`): the job still runs to its
                // end and exits with its own code; there is nobody left to tell.
            }
        }
    }
}
