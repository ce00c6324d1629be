package io.factotum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for a test (needs root), to make a disk that fills up. Where mounting is
 * not permitted the test is skipped with a message on stderr, except under {@code CI=true}, where
 * it fails: CI runs as root and must exercise the full disk.
 */
final class SmallTmpfs implements AutoCloseable {
    private final Path mountPoint;

    private SmallTmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static SmallTmpfs mount(Path mountPoint, String size) {
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        if (failure != null) {
            String message = "cannot mount a tmpfs (" + failure + "): the full-disk test needs root";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message + "; under CI=true this is a failure, not a skip");
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        return new SmallTmpfs(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    /** Fills the file system with {@code ballast}, down to the last byte it takes. */
    Path fill() {
        Path ballast = mountPoint.resolve("ballast");
        try (OutputStream out = Files.newOutputStream(ballast)) {
            for (int chunk : List.of(64 * 1024, 4096, 512, 1)) {
                try {
                    while (true) {
                        out.write(new byte[chunk]);
                        out.flush();
                    }
                } catch (IOException full) {
                    // next, smaller chunk
                }
            }
        } catch (IOException e) {
            // closing a full file may fail too; the file stays
        }
        assertThat(ballast).exists();
        return ballast;
    }

    @Override
    public void close() {
        String failure = run("umount", mountPoint.toString());
        if (failure != null) {
            run("umount", "-l", mountPoint.toString());
        }
    }

    /** Runs a command; null if it exited 0, else its output. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
