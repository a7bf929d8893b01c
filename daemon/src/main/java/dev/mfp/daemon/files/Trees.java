package dev.mfp.daemon.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Recursive delete and copy through {@link AnchoredDir} handles: every step is relative to an open directory
 * and no symlink is ever followed, so a subtree cannot be redirected outside the root while it is processed.
 */
final class Trees {
    private Trees() {
    }

    /** Deletes {@code name} in {@code parent} and, if it is a real directory, everything below it. */
    static void delete(AnchoredDir parent, String name) throws IOException {
        BasicFileAttributes a = parent.attributes(name);
        if (a == null) {
            return;
        }
        if (a.isDirectory()) {
            try (AnchoredDir dir = parent.sub(name)) {
                for (String child : dir.list()) {
                    delete(dir, child);
                }
            }
            parent.deleteDirectory(name);
        } else {
            parent.deleteFile(name);
        }
    }

    /** Copies a regular file between two handles; the destination must not exist. */
    static void copyFile(AnchoredDir from, String name, AnchoredDir to, String toName) throws IOException {
        copyFile(from, name, to, toName, false);
    }

    /** @param keepMode whether the copy gets the source's POSIX permissions (minus the umask), as {@code Files.copy} */
    static void copyFile(AnchoredDir from, String name, AnchoredDir to, String toName, boolean keepMode)
            throws IOException {
        try (SeekableByteChannel in = from.openRead(name)) {
            // fails if it exists: nothing of ours to clean
            SeekableByteChannel created = keepMode ? to.createNew(toName, from.permissions(name)) : to.createNew(toName);
            boolean done = false;
            try (SeekableByteChannel out = created) {
                FileChannel fin = AnchoredDir.asFileChannel(in);
                if (fin != null) {
                    long size = fin.size();
                    long pos = 0;
                    while (pos < size) {
                        long n = fin.transferTo(pos, size - pos, out);
                        if (n <= 0) {
                            break;
                        }
                        pos += n;
                    }
                } else {
                    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
                    while (in.read(buf) >= 0) {
                        buf.flip();
                        while (buf.hasRemaining()) {
                            out.write(buf);
                        }
                        buf.clear();
                    }
                }
                done = true;
            } finally {
                if (!done) {
                    deleteQuietly(to, toName);
                }
            }
        }
    }

    /**
     * Copies a directory tree. Symbolic links inside the tree are skipped (copying them could create links that
     * lead elsewhere from their new place; following them could copy content from outside the root).
     */
    static void copyDirectory(AnchoredDir from, String name, AnchoredDir to, String toName) throws IOException {
        AnchoredDir created = to.mkdir(toName); // fails if it exists: nothing of ours to clean
        boolean done = false;
        try (AnchoredDir dst = created; AnchoredDir src = from.sub(name)) {
            for (String child : src.list()) {
                BasicFileAttributes a = src.attributes(child);
                if (a == null || a.isSymbolicLink()) {
                    continue;
                }
                if (a.isDirectory()) {
                    copyDirectory(src, child, dst, child);
                } else if (a.isRegularFile()) {
                    copyFile(src, child, dst, child);
                }
            }
            done = true;
        } finally {
            if (!done) {
                deleteQuietly(to, toName);
            }
        }
    }

    /**
     * Renames {@code name} into {@code to} (a file there is replaced); across a mount point inside the root the
     * entry is copied, then deleted.
     */
    static void move(AnchoredDir from, String name, AnchoredDir to, String toName) throws IOException {
        try {
            from.move(name, to, toName);
        } catch (IOException ex) {
            if (!crossDevice(ex)) {
                throw ex;
            }
            BasicFileAttributes a = from.attributes(name);
            if (a != null && a.isDirectory()) {
                copyDirectory(from, name, to, toName);
            } else {
                replaceWithCopy(from, name, to, toName, true);
            }
            delete(from, name);
        }
    }

    static boolean crossDevice(IOException ex) {
        String m = ex.getMessage();
        return ex instanceof java.nio.file.AtomicMoveNotSupportedException
                || (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("cross-device"));
    }

    /**
     * Copies a regular file over {@code toName} through a hidden temporary file beside it, renamed over the
     * destination, so a reader never sees a partial copy.
     */
    static void replaceWithCopy(AnchoredDir from, String name, AnchoredDir to, String toName) throws IOException {
        replaceWithCopy(from, name, to, toName, false);
    }

    static void replaceWithCopy(AnchoredDir from, String name, AnchoredDir to, String toName, boolean keepMode)
            throws IOException {
        String tmp = dev.mfp.daemon.files.upload.UploadSessions.stagingName(toName, java.util.UUID.randomUUID());
        copyFile(from, name, to, tmp, keepMode);
        try {
            to.move(tmp, to, toName);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(to, tmp);
            throw e;
        }
    }

    static void deleteQuietly(AnchoredDir dir, String name) {
        try {
            delete(dir, name);
        } catch (IOException | RuntimeException ignored) {
            // best effort clean-up of a partial result
        }
    }
}
