package io.factotum.factfile;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's shared {@code testdata/} fixtures. */
public final class FactfileTestData {
    private FactfileTestData() {
    }

    /** The repository root: the {@code factotum.repo.root} property, else the nearest ancestor holding {@code testdata/}. */
    public static Path repoRoot() {
        String property = System.getProperty("factotum.repo.root");
        if (property != null && Files.isDirectory(Path.of(property, "testdata"))) {
            return Path.of(property);
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("testdata"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find testdata/ above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    public static Path testdata(String relative) {
        return repoRoot().resolve("testdata").resolve(relative);
    }
}
