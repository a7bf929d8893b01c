package dev.mfp.daemon.files;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Locale;

/**
 * An open directory file descriptor (libc {@code openat}/{@code mkdirat} through JNA), so that a directory can be
 * created relative to a directory that was reached without following links — Java itself has no {@code mkdirat}.
 * Only on Linux x86-64 and aarch64 (the open flags differ per architecture); elsewhere {@link #available()} is false
 * and {@link AnchoredDir} creates by path and verifies.
 */
final class DirectoryDescriptor implements Closeable {
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EEXIST = 17;
    private static final int ENOTDIR = 20;
    private static final int ENOSPC = 28;
    private static final int ELOOP = 40;
    private static final int EDQUOT = 122;
    private static final int EPERM = 1;
    private static final int EINTR = 4;
    private static final int O_CLOEXEC = 0x80000;
    private static final Flags FLAGS = Flags.detect();
    private static final Charset NAMES = nameCharset();

    private final int fd;
    private final String what;
    private boolean closed;

    private DirectoryDescriptor(int fd, String what) {
        this.fd = fd;
        this.what = what;
    }

    /** Whether directory descriptors can be used on this platform. */
    static boolean available() {
        return FLAGS != null;
    }

    /** Opens a directory by path (the daemon root, which is trusted). */
    static DirectoryDescriptor open(Path directory) throws IOException {
        String p = directory.toString();
        return new DirectoryDescriptor(retry(() -> FLAGS.lib.open(cString(p), FLAGS.openDirectory), p), p);
    }

    /** Opens a child directory; a symlink (or anything that is no directory) fails, it is never followed. */
    DirectoryDescriptor openChild(String name) throws IOException {
        return new DirectoryDescriptor(retry(() -> FLAGS.lib.openat(fd, cString(name), FLAGS.openDirectory), name),
                what + "/" + name);
    }

    /** Creates a child directory ({@code mkdirat}, mode 0777 minus the umask, like {@code Files.createDirectory}). */
    void mkdir(String name) throws IOException {
        retry(() -> FLAGS.lib.mkdirat(fd, cString(name), 0777), name);
    }

    /** The identity (device, inode) of the directory, comparable with {@link BasicFileAttributes#fileKey()}. */
    Object fileKey() throws IOException {
        return Files.readAttributes(Path.of("/proc/self/fd/" + fd), BasicFileAttributes.class).fileKey();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                FLAGS.lib.close(fd);
            } catch (LastErrorException ignored) {
                // a descriptor is released even when close reports an error (Linux)
            }
        }
    }

    private interface Call {
        int run() throws LastErrorException;
    }

    private static int retry(Call call, String name) throws IOException {
        while (true) {
            try {
                return call.run();
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw map(e.getErrorCode(), name);
                }
            }
        }
    }

    private static IOException map(int errno, String name) {
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(name);
            case EEXIST -> new FileAlreadyExistsException(name);
            case EACCES, EPERM -> new AccessDeniedException(name);
            case ENOTDIR, ELOOP -> new FileSystemException(name, null, "not a directory, or a symbolic link");
            case ENOSPC, EDQUOT -> new FileSystemException(name, null, "No space left on device");
            default -> new FileSystemException(name, null, "error " + errno);
        };
    }

    private static byte[] cString(String s) {
        byte[] b = s.getBytes(NAMES);
        return Arrays.copyOf(b, b.length + 1);
    }

    private static Charset nameCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** libc; paths are NUL-terminated bytes in the encoding Java uses for file names. */
    interface LibC extends Library {
        int open(byte[] path, int flags) throws LastErrorException;

        int openat(int dirfd, byte[] path, int flags) throws LastErrorException;

        int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private record Flags(LibC lib, int openDirectory) {
        /** {@code O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC} of this architecture, or null when unsupported. */
        static Flags detect() {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                    || !Files.isDirectory(Path.of("/proc/self/fd"))) {
                return null;
            }
            String arch = System.getProperty("os.arch", "");
            int directoryAndNoFollow;
            if (arch.equals("amd64") || arch.equals("x86_64")) {
                directoryAndNoFollow = 0x10000 | 0x20000;
            } else if (arch.equals("aarch64")) {
                directoryAndNoFollow = 0x4000 | 0x8000;
            } else {
                return null;
            }
            try {
                return new Flags(Native.load("c", LibC.class), directoryAndNoFollow | O_CLOEXEC);
            } catch (LinkageError | RuntimeException e) {
                return null;
            }
        }
    }
}
