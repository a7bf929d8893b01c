package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;

/**
 * "Source acquisition" (files-and-instances.md §5.2): a URL is downloaded into {@code caches/downloads/}, a
 * {@code file://} URI or a root-relative path is resolved through the daemon's path sandbox (outside → 21006,
 * missing → 21001); the result is copied to where the factory wants it.
 */
public final class SourceFetcher {
    private final RootFs fs;
    private final Path downloads;
    private final Downloader downloader;

    /**
     * @param fs the daemon root: a local source is resolved there (21006 outside it) and every file is placed there
     * @param downloads the {@code caches/downloads} directory
     */
    public SourceFetcher(RootFs fs, Path downloads, Downloader downloader) {
        this.fs = fs;
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
                throw DaemonError.badFormat("source is not a valid URL");
            }
            fs.mkdirs(downloads);
            Path file = downloads.resolve(UUID.randomUUID() + ".download");
            downloader.download(uri, file);
            return new Fetched(file, true, fileName(uri));
        }
        Path local;
        if (source.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                local = fs.resolve(Paths.get(URI.create(source.trim())).toString());
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw DaemonError.badFormat("source is not a valid file URI");
            }
        } else {
            local = fs.resolve(source);
        }
        java.nio.file.attribute.BasicFileAttributes a = fs.stat(local);
        if (a == null) {
            throw new DaemonError(Failure.FILE_NOT_FOUND, "source '" + source + "' does not exist");
        }
        if (a.isDirectory()) {
            throw new DaemonError(Failure.ITS_A_DIRECTORY, "source '" + source + "' is a directory");
        }
        return new Fetched(local, false, local.getFileName().toString());
    }

    /** Copies (or, for a download, moves) the source to {@code target}. */
    public void place(Fetched f, Path target) throws IOException {
        if (f.temporary()) {
            fs.move(f.file(), target);
        } else {
            fs.copyFile(f.file(), target);
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
                    java.nio.file.Files.deleteIfExists(file); // a download of the daemon's own in caches/downloads
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
