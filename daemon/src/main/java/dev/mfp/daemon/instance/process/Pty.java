package dev.mfp.daemon.instance.process;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A POSIX pseudo-terminal pair (console.md §1), through JNA: {@code posix_openpt} + {@code grantpt} +
 * {@code unlockpt} + {@code ptsname_r}, sizes by {@code ioctl(TIOCSWINSZ)} on the master. The daemon keeps the
 * master and one slave descriptor opened with {@code O_NOCTTY} (never its own controlling terminal); the child opens
 * the slave by path itself and makes it its controlling terminal ({@link InstanceProcess#spawnPty}). The slave
 * descriptor held here is closed once the child has exited ({@link #closeSlave}), so that reading the master ends
 * with {@code EIO} when the last user of the terminal is gone, even if the child never opened it.
 *
 * <p>The master descriptor is closed only when no read, write or resize is using it (a closed number could be
 * reused by another file at once).
 */
public final class Pty {
    private static final int EINTR = 4;
    private static final int EAGAIN = Platform.isMac() ? 35 : 11;
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = Platform.isMac() ? 0x20000 : Platform.isMIPS() ? 0x800 : 0x100;
    private static final long TIOCSWINSZ = Platform.isLinux() && !Platform.isPPC() && !Platform.isMIPS()
            && !"sparcv9".equals(System.getProperty("os.arch")) ? 0x5414L : 0x80087467L;

    private final int master;
    private final String slavePath;
    private int slave;
    private int users;
    private boolean closeRequested;
    private boolean closed;

    private Pty(int master, String slavePath, int slave) {
        this.master = master;
        this.slavePath = slavePath;
        this.slave = slave;
    }

    /** Whether pseudo-terminals exist here (decisions.md 11: a POSIX host with {@code /dev/ptmx}). */
    public static boolean available() {
        return !Platform.isWindows() && Files.exists(Path.of("/dev/ptmx")) && LibC.INSTANCE != null;
    }

    /** A new pair; IOException where pseudo-terminals are not available or the system refuses one. */
    public static Pty open() throws IOException {
        if (!available()) {
            throw new IOException("pseudo-terminals are not available on this system");
        }
        LibC c = LibC.INSTANCE;
        int m = c.posix_openpt(O_RDWR | O_NOCTTY);
        if (m < 0) {
            throw new IOException("posix_openpt failed: errno " + Native.getLastError());
        }
        try {
            if (c.grantpt(m) != 0) {
                throw new IOException("grantpt failed: errno " + Native.getLastError());
            }
            if (c.unlockpt(m) != 0) {
                throw new IOException("unlockpt failed: errno " + Native.getLastError());
            }
            String path;
            if (Platform.isLinux()) {
                byte[] name = new byte[128];
                int rc = c.ptsname_r(m, name, new NativeLong(name.length));
                if (rc != 0) {
                    throw new IOException("ptsname_r failed: error " + rc);
                }
                path = cString(name);
            } else {
                path = c.ptsname(m);
                if (path == null) {
                    throw new IOException("ptsname failed: errno " + Native.getLastError());
                }
            }
            int s = c.open(path, O_RDWR | O_NOCTTY);
            if (s < 0) {
                throw new IOException("cannot open " + path + ": errno " + Native.getLastError());
            }
            return new Pty(m, path, s);
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            c.close(m);
            throw e instanceof IOException io ? io : new IOException("cannot set up a pseudo-terminal: " + e, e);
        }
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** The slave device, e.g. {@code /dev/pts/3}. */
    public Path slavePath() {
        return Path.of(slavePath);
    }

    /** Sets the terminal size (the foreground process group gets SIGWINCH). */
    public void resize(int columns, int rows) throws IOException {
        if (!acquire()) {
            throw new IOException("the terminal is closed");
        }
        try {
            Memory ws = new Memory(8);
            ws.setShort(0, (short) rows);
            ws.setShort(2, (short) columns);
            ws.setShort(4, (short) 0);
            ws.setShort(6, (short) 0);
            if (LibC.INSTANCE.ioctl(master, new NativeLong(TIOCSWINSZ), ws) != 0) {
                throw new IOException("TIOCSWINSZ failed: errno " + Native.getLastError());
            }
        } finally {
            release();
        }
    }

    /**
     * Reads at most {@code buf.length} bytes from the master, blocking; -1 once the terminal has no user left
     * ({@code EIO}) or is closed.
     */
    public int read(byte[] buf) {
        if (!acquire()) {
            return -1;
        }
        try {
            while (true) {
                int n = LibC.INSTANCE.read(master, buf, new NativeLong(buf.length)).intValue();
                if (n > 0) {
                    return n;
                }
                int errno = n < 0 ? Native.getLastError() : 0;
                if (errno != EINTR && errno != EAGAIN) {
                    return -1; // EIO: no process holds the terminal any more; 0: end of file
                }
            }
        } finally {
            release();
        }
    }

    /** Writes all of {@code data} to the master (the child's input); blocks while the terminal's buffer is full. */
    public void write(byte[] data, int off, int len) throws IOException {
        if (!acquire()) {
            throw new IOException("the terminal is closed");
        }
        try {
            byte[] rest = off == 0 && len == data.length ? data : java.util.Arrays.copyOfRange(data, off, off + len);
            while (rest.length > 0) {
                int n = LibC.INSTANCE.write(master, rest, new NativeLong(rest.length)).intValue();
                if (n < 0) {
                    int errno = Native.getLastError();
                    if (errno == EINTR || errno == EAGAIN) {
                        continue;
                    }
                    throw new IOException("write to the terminal failed: errno " + errno);
                }
                rest = java.util.Arrays.copyOfRange(rest, n, rest.length);
            }
        } finally {
            release();
        }
    }

    /** Closes the daemon's slave descriptor (after the child exited): reads end once nobody else holds it. */
    public void closeSlave() {
        int s;
        synchronized (this) {
            s = slave;
            slave = -1;
        }
        if (s >= 0) {
            closeQuietly(s);
        }
    }

    /** Closes both ends (the master as soon as no call is using it). */
    public void close() {
        closeSlave();
        boolean now;
        synchronized (this) {
            closeRequested = true;
            now = users == 0 && !closed;
            if (now) {
                closed = true;
            }
        }
        if (now) {
            closeQuietly(master);
        }
    }

    private synchronized boolean acquire() {
        if (closeRequested) {
            return false;
        }
        users++;
        return true;
    }

    private void release() {
        boolean now;
        synchronized (this) {
            users--;
            now = closeRequested && users == 0 && !closed;
            if (now) {
                closed = true;
            }
        }
        if (now) {
            closeQuietly(master);
        }
    }

    private static void closeQuietly(int fd) {
        LibC.INSTANCE.close(fd);
    }

    /** The libc calls used here (errno is read with Native.getLastError() after a failed call). */
    interface LibC extends Library {
        LibC INSTANCE = load();

        private static LibC load() {
            try {
                return Platform.isWindows() ? null : Native.load(Platform.C_LIBRARY_NAME, LibC.class);
            } catch (UnsatisfiedLinkError e) {
                return null;
            }
        }

        int posix_openpt(int flags);

        int grantpt(int fd);

        int unlockpt(int fd);

        int ptsname_r(int fd, byte[] buf, NativeLong len);

        String ptsname(int fd);

        int open(String path, int flags);

        int ioctl(int fd, NativeLong request, Pointer arg);

        NativeLong read(int fd, byte[] buf, NativeLong count);

        NativeLong write(int fd, byte[] buf, NativeLong count);

        int close(int fd);
    }
}
