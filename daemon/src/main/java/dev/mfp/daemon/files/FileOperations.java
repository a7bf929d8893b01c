package dev.mfp.daemon.files;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The mutating file actions (actions.md §15–23). Every operation resolves its paths through the
 * {@link PathSandbox}, checks the spec's conditions in the spec's order, and then acts through no-follow
 * directory handles ({@link AnchoredDir}).
 */
public final class FileOperations {
    private final PathSandbox sandbox;
    private final EntryResolver resolver;
    private final FileUsage usage;
    private final ReservedPaths reserved;

    public FileOperations(RootFs fs, FileUsage usage) {
        this.sandbox = fs.sandbox();
        this.resolver = new EntryResolver(sandbox);
        this.usage = usage;
        this.reserved = sandbox.reserved();
    }

    public void deleteFile(String clientPath) {
        Entry e = resolver.entry(clientPath);
        requireExisting(e);
        if (e.isDirectoryLike()) {
            throw itsADirectory(e);
        }
        reserved.checkWritable(e.path());
        requireFree(e, false);
        try (AnchoredDir parent = e.openParent(sandbox)) {
            parent.deleteFile(e.name());
        } catch (IOException ex) {
            throw IoErrors.map(ex, "delete the file");
        }
    }

    public void deleteDirectory(String clientPath, boolean recursive) {
        Entry e = resolver.entry(clientPath);
        if (e.isRoot()) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "the daemon root cannot be deleted");
        }
        requireExisting(e);
        if (e.isFileLike()) {
            throw itsAFile(e);
        }
        reserved.checkWritable(e.path());
        requireFree(e, true);
        try (AnchoredDir parent = e.openParent(sandbox)) {
            if (e.isLink()) {
                parent.deleteFile(e.name()); // the link only, never what it points to
            } else if (recursive) {
                Trees.delete(parent, e.name());
            } else {
                parent.deleteDirectory(e.name());
            }
        } catch (IOException ex) {
            throw IoErrors.map(ex, "delete the directory");
        }
    }

    public void rename(String clientPath, String newName, boolean directory) {
        if (!PathSandbox.isValidName(newName)) {
            throw DaemonError.badFormat("invalid new_name");
        }
        Entry e = resolver.entry(clientPath);
        if (e.isRoot()) {
            throw directory ? new DaemonError(Failure.FILE_ACCESS_FAILED, "the daemon root cannot be renamed")
                    : itsADirectory(e);
        }
        requireExisting(e);
        requireKind(e, directory);
        reserved.checkWritable(e.path());
        reserved.checkWritable(e.parent().resolve(newName));
        try (AnchoredDir parent = e.openParent(sandbox)) {
            if (parent.attributes(newName) != null) {
                throw new DaemonError(Failure.FILE_ALREADY_EXISTS, "'" + newName + "' already exists");
            }
            requireFree(e, directory);
            if (usage.isBusy(e.parent().resolve(newName))) {
                throw new DaemonError(Failure.FILE_IN_USE, "'" + newName + "' is in use by an upload");
            }
            parent.move(e.name(), parent, newName);
        } catch (IOException ex) {
            throw IoErrors.map(ex, "rename");
        }
    }

    public void createDirectory(String clientPath) {
        Path target = sandbox.resolve(clientPath);
        reserved.checkWritable(target);
        requireNoUploadTargetAtOrAbove(target);
        try {
            createDirectories(target);
        } catch (IOException ex) {
            throw IoErrors.map(ex, "create the directory");
        }
    }

    /**
     * {@code move_file}/{@code move_directory} ({@code copy=false}) and {@code copy_file}/{@code copy_directory}.
     *
     * @param maySeeSettings whether the caller may read instance settings (and so copy a registry file)
     */
    public void transfer(String sourcePath, String destinationPath, boolean directory, boolean copy,
            boolean maySeeSettings) {
        Entry src = resolver.entry(sourcePath);
        Entry dst = resolver.entry(destinationPath);
        if (src.isRoot()) {
            if (!directory) {
                throw itsADirectory(src);
            }
            if (!copy) {
                throw new DaemonError(Failure.FILE_ACCESS_FAILED, "the daemon root cannot be moved");
            }
        } else {
            requireExisting(src);
            requireKind(src, directory);
        }
        // Copying follows a link to its (in-root) target; moving moves the link itself.
        Path srcReal = copy ? resolver.target(sourcePath) : src.path();
        if (directory && (dst.path().equals(srcReal) || dst.path().startsWith(srcReal)
                || dst.path().startsWith(src.path()))) {
            throw DaemonError.badFormat("cannot " + (copy ? "copy" : "move") + " a directory into itself");
        }
        if (!copy) {
            reserved.checkWritable(src.path());
        } else if (directory) {
            reserved.checkReadableTree(srcReal, maySeeSettings);
        } else {
            reserved.checkReadableFile(srcReal, maySeeSettings);
        }
        if (!dst.isRoot()) {
            reserved.checkWritable(dst.path());
        }
        if (dst.exists() || dst.isRoot()) {
            throw new DaemonError(Failure.FILE_ALREADY_EXISTS,
                    "'" + sandbox.toClientPath(dst.path()) + "' already exists");
        }
        if (copy ? (directory ? usage.isUploadingUnder(srcReal) : usage.isUploading(srcReal))
                : (directory ? usage.isBusyUnder(src.path()) : usage.isBusy(src.path()))) {
            throw new DaemonError(Failure.FILE_IN_USE, "'" + sandbox.toClientPath(src.path()) + "' is in use");
        }
        if (copy && !directory && !java.nio.file.Files.isRegularFile(srcReal, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "'" + sandbox.toClientPath(srcReal) + "' is not a regular file");
        }
        if (usage.isBusy(dst.path())) {
            throw new DaemonError(Failure.FILE_IN_USE, "'" + sandbox.toClientPath(dst.path()) + "' is in use");
        }
        requireNoUploadTargetAtOrAbove(dst.parent());
        try {
            createDirectories(dst.parent());
            try (AnchoredDir from = sandbox.openDirectory(copy ? srcReal.getParent() : src.parent());
                    AnchoredDir to = sandbox.openDirectory(dst.parent())) {
                String fromName = copy ? srcReal.getFileName().toString() : src.name();
                if (to.attributes(dst.name()) != null) {
                    throw new DaemonError(Failure.FILE_ALREADY_EXISTS, "destination already exists");
                }
                if (copy) {
                    if (directory) {
                        Trees.copyDirectory(from, fromName, to, dst.name());
                    } else {
                        Trees.copyFile(from, fromName, to, dst.name());
                    }
                } else {
                    move(from, fromName, to, dst.name(), directory);
                }
            }
        } catch (IOException ex) {
            throw IoErrors.map(ex, copy ? "copy" : "move");
        }
    }

    private static void move(AnchoredDir from, String name, AnchoredDir to, String toName, boolean directory)
            throws IOException {
        try {
            from.move(name, to, toName);
        } catch (IOException ex) {
            if (!Trees.crossDevice(ex)) {
                throw ex;
            }
            // A mount point inside the root: copy, then delete the source.
            if (directory) {
                Trees.copyDirectory(from, name, to, toName);
            } else {
                Trees.copyFile(from, name, to, toName);
            }
            Trees.delete(from, name);
        }
    }


    private void createDirectories(Path target) throws IOException {
        Directories.create(sandbox, target).close();
    }

    /** A directory must not be created at (or below) the target of an open upload (files-and-instances.md §2). */
    private void requireNoUploadTargetAtOrAbove(Path p) {
        for (Path q = p; q != null && q.startsWith(sandbox.root()); q = q.getParent()) {
            if (usage.isUploadTarget(q)) {
                throw new DaemonError(Failure.FILE_IN_USE, "'" + sandbox.toClientPath(q) + "' is in use by an upload");
            }
        }
    }

    private void requireExisting(Entry e) {
        if (!e.exists()) {
            throw EntryResolver.notFound(sandbox.toClientPath(e.path()));
        }
        if (e.kind() == Entry.Kind.DANGLING_LINK) {
            return; // a dangling link is an entry that can be deleted/renamed/moved as a file
        }
    }

    private void requireKind(Entry e, boolean directory) {
        if (directory && !e.isDirectoryLike()) {
            throw itsAFile(e);
        }
        if (!directory && e.isDirectoryLike()) {
            throw itsADirectory(e);
        }
    }

    private void requireFree(Entry e, boolean directory) {
        boolean busy = directory && !e.isLink() ? usage.isBusyUnder(e.path()) : usage.isBusy(e.path());
        if (busy) {
            throw new DaemonError(Failure.FILE_IN_USE, "'" + sandbox.toClientPath(e.path()) + "' is in use");
        }
    }

    private DaemonError itsADirectory(Entry e) {
        return new DaemonError(Failure.ITS_A_DIRECTORY, "'" + sandbox.toClientPath(e.path()) + "' is a directory");
    }

    private DaemonError itsAFile(Entry e) {
        return new DaemonError(Failure.ITS_A_FILE, "'" + sandbox.toClientPath(e.path()) + "' is a file");
    }
}
