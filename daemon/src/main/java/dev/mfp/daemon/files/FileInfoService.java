package dev.mfp.daemon.files;

import dev.mfp.daemon.files.upload.UploadSessions;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code get_file_info} and {@code get_directory_info} (actions.md §7–8). Metadata is read without following
 * symlinks (files-and-instances.md §2); a symlink is classified by its target, which is always inside the root.
 * Entries whose links lead outside the root are left out of listings, so nothing about the outside leaks.
 */
public final class FileInfoService {
    private final PathSandbox sandbox;
    private final EntryResolver resolver;

    public FileInfoService(RootFs fs) {
        this.sandbox = fs.sandbox();
        this.resolver = new EntryResolver(sandbox);
    }

    public FileInfo fileInfo(String clientPath) {
        Entry e = resolver.entry(clientPath);
        if (!e.exists() || e.kind() == Entry.Kind.DANGLING_LINK) {
            throw EntryResolver.notFound(sandbox.toClientPath(e.path()));
        }
        if (e.isDirectoryLike()) {
            throw new DaemonError(Failure.ITS_A_DIRECTORY, "'" + sandbox.toClientPath(e.path()) + "' is a directory");
        }
        BasicFileAttributes a = reread(e);
        return fileMeta(e.name(), a, e.path());
    }

    public DirectoryListing directoryInfo(String clientPath) {
        List<String> segments = sandbox.normalize(clientPath);
        Path dir = sandbox.resolve(clientPath);
        BasicFileAttributes a = FileIo.lstat(dir);
        if (a == null) {
            throw EntryResolver.notFound(String.join("/", segments));
        }
        if (!a.isDirectory()) {
            throw new DaemonError(Failure.ITS_A_FILE, "'" + String.join("/", segments) + "' is a file");
        }
        String parent = segments.isEmpty() ? null : String.join("/", segments.subList(0, segments.size() - 1));
        List<DirectoryListing.FileItem> files = new ArrayList<>();
        List<DirectoryListing.DirectoryItem> dirs = new ArrayList<>();
        try (AnchoredDir handle = sandbox.openDirectory(dir)) {
            for (String name : handle.list()) {
                if (UploadSessions.STAGING_NAME.matcher(name).matches()) {
                    continue; // the staging file of an upload is no file of the client's yet
                }
                BasicFileAttributes ea = handle.attributes(name);
                if (ea == null) {
                    continue; // vanished meanwhile
                }
                boolean directory = ea.isDirectory();
                if (ea.isSymbolicLink()) {
                    Path target;
                    try {
                        target = sandbox.resolve(sandbox.toClientPath(dir.resolve(name)));
                    } catch (DaemonError outside) {
                        continue; // a link leading out of the root is not shown
                    }
                    BasicFileAttributes ta = FileIo.lstat(target);
                    directory = ta != null && ta.isDirectory();
                }
                if (directory) {
                    dirs.add(new DirectoryListing.DirectoryItem(name, dirMeta(name, ea)));
                } else {
                    files.add(new DirectoryListing.FileItem(name, fileMeta(name, ea, dir.resolve(name))));
                }
            }
        } catch (IOException ex) {
            throw IoErrors.map(ex, "read the directory");
        }
        return new DirectoryListing(parent, files, dirs);
    }

    private BasicFileAttributes reread(Entry e) {
        try (AnchoredDir parent = e.openParent(sandbox)) {
            BasicFileAttributes a = parent.attributes(e.name());
            if (a == null) {
                throw EntryResolver.notFound(sandbox.toClientPath(e.path()));
            }
            return a;
        } catch (IOException ex) {
            throw IoErrors.map(ex, "read the file information");
        }
    }

    static FileInfo fileMeta(String name, BasicFileAttributes a, Path p) {
        return new FileInfo(seconds(a.creationTime()), hidden(name), seconds(a.lastAccessTime()),
                seconds(a.lastModifiedTime()), !a.isSymbolicLink() && !EntryResolver.writable(p), a.size());
    }

    static DirectoryInfo dirMeta(String name, BasicFileAttributes a) {
        return new DirectoryInfo(seconds(a.creationTime()), hidden(name), seconds(a.lastAccessTime()),
                seconds(a.lastModifiedTime()));
    }

    private static boolean hidden(String name) {
        return name != null && name.startsWith(".");
    }

    private static long seconds(FileTime t) {
        return t == null ? 0 : t.to(TimeUnit.SECONDS);
    }
}
