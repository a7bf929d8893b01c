package dev.mfp.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The daemon root and its layout (files-and-instances.md §1.1). */
public final class DaemonRoot {
    public static final String[] LAYOUT = {"instances", "caches/uploads", "caches/downloads", "cores", "logs", "contained"};

    private final Path path;

    private DaemonRoot(Path path) {
        this.path = path;
    }

    /** Creates the root and its layout under {@code dir} and returns it by its real path. */
    public static DaemonRoot create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path real = dir.toRealPath();
        for (String sub : LAYOUT) {
            Files.createDirectories(real.resolve(sub));
        }
        return new DaemonRoot(real);
    }

    public Path path() {
        return path;
    }

    public Path resolve(String relative) {
        return path.resolve(relative);
    }
}
