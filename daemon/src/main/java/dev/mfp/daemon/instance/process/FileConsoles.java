package dev.mfp.daemon.instance.process;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where the file consoles of all instances live ({@code <root>/consoles/<id>/}, the daemon's alone) and the one
 * thread that reads them. Null-free: {@link #available()} says whether this platform has them at all.
 */
public final class FileConsoles implements AutoCloseable {
    public static final String DIR = "consoles";

    private final Path base;
    private final LogTailers tailers;

    public FileConsoles(Path root) {
        this.base = root.resolve(DIR);
        this.tailers = FileConsole.supported() ? new LogTailers() : null;
    }

    public boolean available() {
        return tailers != null;
    }

    public Path dir(UUID id) {
        return base.resolve(id.toString());
    }

    public LogTailers tailers() {
        return tailers;
    }

    @Override
    public void close() {
        if (tailers != null) {
            tailers.close();
        }
    }
}
