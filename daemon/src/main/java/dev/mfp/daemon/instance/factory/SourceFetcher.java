package dev.mfp.daemon.instance.factory;

import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.RetCode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * "Source acquisition" (files-and-instances.md §5.2): a URL is downloaded into {@code caches/downloads/}, a
 * {@code file://} URI or a root-relative path is resolved through the daemon's path sandbox (outside → 21006,
 * missing → 21001); the result is copied to where the factory wants it.
 */
public final class SourceFetcher {
    private final Function<String, Path> sandbox;
    private final Path downloads;
    private final Downloader downloader;

    /**
     * @param sandbox resolves a client path inside the daemon root (throws 21006 outside it)
     * @param downloads the {@code caches/downloads} directory
     */
    public SourceFetcher(Function<String, Path> sandbox, Path downloads, Downloader downloader) {
        this.sandbox = sandbox;
        this.downloads = downloads;
        this.downloader = downloader;
    }

    /** A local file holding the source: the client's own file, or a fresh download the caller must delete. */
    public Fetched fetch(String source) throws IOException {
        if (Downloader.isUrl(source)) {
            URI uri;
            try {
                uri = URI.create(source.trim());
            } catch (IllegalArgumentException e) {
                throw ActionError.badFormat("source is not a valid URL");
            }
            Files.createDirectories(downloads);
            Path file = downloads.resolve(UUID.randomUUID() + ".download");
            downloader.download(uri, file);
            return new Fetched(file, true, fileName(uri));
        }
        Path local;
        if (source.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                local = sandbox.apply(Paths.get(URI.create(source.trim())).toString());
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw ActionError.badFormat("source is not a valid file URI");
            }
        } else {
            local = sandbox.apply(source);
        }
        if (!Files.exists(local)) {
            throw new ActionError(RetCode.FILE_NOT_FOUND, "source '" + source + "' does not exist");
        }
        if (Files.isDirectory(local)) {
            throw new ActionError(RetCode.ITS_A_DIRECTORY, "source '" + source + "' is a directory");
        }
        return new Fetched(local, false, local.getFileName().toString());
    }

    /** Copies (or, for a download, moves) the source to {@code target}. */
    public void place(Fetched f, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        if (f.temporary()) {
            Files.move(f.file(), target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.copy(f.file(), target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String fileName(URI uri) {
        String p = uri.getPath() == null ? "" : uri.getPath();
        String name = p.substring(p.lastIndexOf('/') + 1);
        return name.isEmpty() ? "download" : name;
    }

    /** A local copy of a source. {@code temporary}: a download to delete when done. */
    public record Fetched(Path file, boolean temporary, String originalName) {
        public void discard() {
            if (temporary) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
