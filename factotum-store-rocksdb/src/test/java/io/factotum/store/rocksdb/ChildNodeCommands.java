package io.factotum.store.rocksdb;

import io.factotum.Factotum;
import io.factotum.scheduler.SubmitRequest;
import io.factotum.scheduler.SubmitResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The child side of {@link ChildNode}: reports are lines on stdout; commands are lines on stdin,
 * {@code submit <name> <factfile>} (answered {@code accepted <id>} or {@code refused <message>}) and
 * {@code drain} (answered {@code drained} once the outbox is empty, where the child supports it) and
 * {@code quit}.
 */
final class ChildNodeCommands {
    private ChildNodeCommands() {
    }

    /** Writes one report line at once (the test waits on it). */
    static synchronized void report(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** A command's action that may wait. */
    interface Wait {
        void await() throws InterruptedException;
    }

    /** Serves stdin's commands to {@code factotum} until {@code quit} or the end of stdin. */
    static void serve(Factotum factotum) throws IOException, InterruptedException {
        serve(factotum, () -> { });
    }

    /**
     * Also serves {@code drain}: runs {@code drain}, then reports {@code drained}.
     */
    static void serve(Factotum factotum, Wait drain) throws IOException, InterruptedException {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] parts = line.split(" ", 3);
            if (parts[0].equals("submit")) {
                SubmitResult result = factotum.submit(SubmitRequest.of(parts[1], parts[2]));
                report(result instanceof SubmitResult.Accepted accepted ? "accepted " + accepted.jobId()
                        : "refused " + result.message());
            } else if (parts[0].equals("drain")) {
                drain.await();
                report("drained");
            } else if (parts[0].equals("quit")) {
                return;
            }
        }
    }
}
