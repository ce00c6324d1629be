package io.factotum.bench.embedded;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;

/** What a job's code does once a system invokes it. */
public enum Work {
    /** Runs {@code sh -c true} and waits for it: a one-task shell job. */
    SH_TRUE,
    /** Nothing at all: the cost of scheduling alone. */
    NOOP;

    /** Performs the work in the calling thread; a failing {@code sh} is an exception. */
    public void perform() throws IOException, InterruptedException {
        if (this == NOOP) {
            return;
        }
        // Output discarded, so no pipes: what a Java job that runs a command would do at the least.
        Process process = new ProcessBuilder("sh", "-c", "true")
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
        int code = process.waitFor();
        if (code != 0) {
            throw new IOException("sh -c true exited with " + code);
        }
    }
}
