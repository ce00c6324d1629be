package io.factotum.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directories factfiles may be read from ({@code --factfile-root}, repeatable; default: the
 * server's working directory). A factfile path is allowed only if it lies under a root both as
 * written (after resolving {@code .} and {@code ..} against the working directory) and after
 * resolving symbolic links ({@link Path#toRealPath}), so neither {@code ../} nor a link can reach
 * outside. The roots themselves are resolved to their real paths once, at start-up.
 */
public final class FactfileRoots {
    private final List<Path> roots;
    private final List<Path> realRoots;

    private FactfileRoots(List<Path> roots, List<Path> realRoots) {
        this.roots = roots;
        this.realRoots = realRoots;
    }

    /**
     * @throws IllegalArgumentException if a root does not exist or is not a directory
     */
    public static FactfileRoots of(List<Path> roots) {
        List<Path> lexical = new ArrayList<>();
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            Path absolute = root.toAbsolutePath().normalize();
            if (!Files.isDirectory(absolute)) {
                throw new IllegalArgumentException("Invalid factfile root: '" + root + "' is not a directory");
            }
            try {
                lexical.add(absolute);
                real.add(absolute.toRealPath());
            } catch (IOException e) {
                throw new IllegalArgumentException("Invalid factfile root: '" + root + "': " + e.getMessage(), e);
            }
        }
        return new FactfileRoots(List.copyOf(lexical), List.copyOf(real));
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * Whether {@code factfilePath} may be read. A path that does not exist is judged as written
     * only (its absence is reported separately).
     */
    public boolean allows(String factfilePath) {
        Path path;
        try {
            path = Path.of(factfilePath).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return false;
        }
        if (roots.stream().noneMatch(path::startsWith) && realRoots.stream().noneMatch(path::startsWith)) {
            return false;
        }
        Optional<Path> real = realPath(path);
        return real.isEmpty() || realRoots.stream().anyMatch(real.get()::startsWith);
    }

    private static Optional<Path> realPath(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
