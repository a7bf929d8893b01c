package dev.mfp.daemon.instance.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console of a pipe-mode run kept in files under {@code <root>/consoles/<id>/}, so that it does not belong to
 * the daemon process (extensions.md §4): the server's stdin is the FIFO {@code stdin}, which the server opens
 * read-write itself (so it never sees an end of file while no daemon holds it) and the daemon opens to write
 * commands; its stdout and stderr are appended by the kernel to {@code stdout.log} and {@code stderr.log}, which
 * the daemon tails ({@link LogTailer} on the shared {@link LogTailers} thread). {@code state} (64 bytes, memory
 * mapped: a store is the whole cost of persisting, and the page survives the daemon being killed) holds the pid of
 * the run and how far each log has been delivered, so that the next daemon goes on exactly from there.
 *
 * <p>Disk: once more than {@value #PUNCH_STEP} bytes of a log lie more than {@value #KEEP_BYTES} bytes behind the
 * delivered offset, that part is deallocated ({@code fallocate} punch hole: offsets stay, blocks are freed); where
 * the file system cannot, the log is truncated when it has been read up to its end and is larger than
 * {@value #TRUNCATE_AT} bytes. A new run starts with empty logs.
 */
public final class FileConsole {
    public static final String STDIN = "stdin";
    public static final String STDOUT = "stdout.log";
    public static final String STDERR = "stderr.log";
    public static final String STATE = "state";
    static final long KEEP_BYTES = 4L << 20;
    static final long PUNCH_STEP = 16L << 20;
    static final long TRUNCATE_AT = 64L << 20;
    private static final long MAGIC = 0x4d4650434f4e5331L; // "MFPCONS1"
    private static final int STATE_BYTES = 64;
    private static final int PID_AT = 8;
    private static final String FIFO_WRAPPER = "exec 0<>\"$0\" || exit 126; exec \"$@\"";
    private static final Logger LOG = LoggerFactory.getLogger(FileConsole.class);

    private final Path dir;
    /** Mapped; the channel is closed at once (the mapping stays valid), so it costs no descriptor. */
    private final MappedByteBuffer state;
    private final FileChannel stdin;
    private final OutputStream stdinStream;
    private final Stream out;
    private final Stream err;

    private FileConsole(Path dir, FileChannel stateChannel, FileChannel stdin, Charset charset) throws IOException {
        this.dir = dir;
        try (stateChannel) {
            this.state = stateChannel.map(FileChannel.MapMode.READ_WRITE, 0, STATE_BYTES);
        }
        this.stdin = stdin;
        this.stdinStream = Channels.newOutputStream(stdin);
        this.out = new Stream(dir.resolve(STDOUT), 16, charset);
        this.err = new Stream(dir.resolve(STDERR), 24, charset);
    }

    /** Linux with {@code /bin/sh} and a libc that makes FIFOs; elsewhere consoles are the daemon's pipes. */
    public static boolean supported() {
        return Posix.INSTANCE != null && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && Files.isExecutable(Path.of("/bin/sh"));
    }

    /** Fresh files for a new run in {@code dir} (created {@code 0700}): an empty FIFO, empty logs, zero offsets. */
    public static FileConsole newRun(Path dir, Charset charset) throws IOException {
        Files.createDirectories(dir.getParent());
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path fifo = dir.resolve(STDIN);
        Files.deleteIfExists(fifo);
        if (Posix.INSTANCE.mkfifo(fifo.toString(), 0600) != 0) {
            throw new IOException("mkfifo " + fifo + " failed: errno " + Native.getLastError());
        }
        for (String log : new String[] {STDOUT, STDERR}) {
            Files.deleteIfExists(dir.resolve(log));
            Files.createFile(dir.resolve(log), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        }
        Files.deleteIfExists(dir.resolve(STATE));
        FileChannel st = FileChannel.open(dir.resolve(STATE), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileConsole c = new FileConsole(dir, st, openFifo(fifo), charset);
        c.state.putLong(0, MAGIC);
        return c;
    }

    /**
     * The files of the run of {@code pid} left by an earlier daemon; IOException when they are missing or belong to
     * another run.
     */
    public static FileConsole existing(Path dir, long pid, Charset charset) throws IOException {
        Path fifo = dir.resolve(STDIN);
        Path st = dir.resolve(STATE);
        if (!Files.isRegularFile(st, LinkOption.NOFOLLOW_LINKS) || Files.size(st) != STATE_BYTES
                || !Files.isRegularFile(dir.resolve(STDOUT), LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(dir.resolve(STDERR), LinkOption.NOFOLLOW_LINKS)
                || !isFifo(fifo)) {
            throw new IOException("the console files of " + dir.getFileName() + " are incomplete");
        }
        FileChannel ch = FileChannel.open(st, StandardOpenOption.READ, StandardOpenOption.WRITE);
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(16);
        ch.read(head, 0);
        head.flip();
        if (head.remaining() < 16 || head.getLong(0) != MAGIC || head.getLong(PID_AT) != pid) {
            ch.close();
            throw new IOException("the console files of " + dir.getFileName() + " belong to another run");
        }
        return new FileConsole(dir, ch, openFifo(fifo), charset);
    }

    private static boolean isFifo(Path p) {
        try {
            return Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) instanceof Integer m
                    && (m & 0170000) == 0010000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Read-write: never blocks (Linux), whether or not the server has its end open. */
    private static FileChannel openFifo(Path fifo) throws IOException {
        return FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * Rewrites {@code pb} for this console: {@code /bin/sh} opens the FIFO read-write as stdin and execs the
     * command (so the pid stays the server's); stdout and stderr are appended to the logs. IOException (as
     * {@code start()} gives) when the command's executable does not exist.
     */
    public void redirect(ProcessBuilder pb) throws IOException {
        List<String> original = pb.command();
        String exe = original.get(0);
        if (exe.contains("/") ? !Files.isExecutable(pb.directory() == null || Path.of(exe).isAbsolute()
                ? Path.of(exe) : pb.directory().toPath().resolve(exe)) : !onPath(exe, pb.environment().get("PATH"))) {
            throw new IOException("Cannot run program \"" + exe + "\": error=2, No such file or directory");
        }
        List<String> wrapped = new ArrayList<>(original.size() + 4);
        wrapped.add("/bin/sh");
        wrapped.add("-c");
        wrapped.add(FIFO_WRAPPER);
        wrapped.add(dir.resolve(STDIN).toString());
        wrapped.addAll(original);
        pb.command(wrapped);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(STDOUT).toFile()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(STDERR).toFile()));
    }

    private static boolean onPath(String exe, String path) {
        for (String d : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

    public void recordPid(long pid) {
        state.putLong(PID_AT, pid);
    }

    /** The server's stdin. */
    public OutputStream stdin() {
        return stdinStream;
    }

    /** What the logs hold before the delivered offsets (each at most {@code maxBytes}): stdout's, then stderr's. */
    public List<List<String>> history(int maxBytes) throws IOException {
        return List.of(out.before(maxBytes), err.before(maxBytes));
    }

    /** Starts delivering both logs from the recorded offsets. */
    public void start(LogTailers tailers, Consumer<String> stdout, Consumer<String> stderr) throws IOException {
        out.start(tailers, stdout);
        err.start(tailers, stderr);
    }

    /**
     * After the server exited: delivers the rest of both logs (bounded wait); then the files are closed. Without
     * {@link #start}, reads them synchronously on the caller's thread.
     */
    public void finish(long millis, Consumer<String> stdout, Consumer<String> stderr) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        out.finish(deadline, stdout);
        err.finish(deadline, stderr);
        close();
    }

    /** The daemon leaves: nothing more is read, the offsets stay for the next daemon; the server keeps its files. */
    public void detach() {
        out.drop();
        err.drop();
        close();
    }

    private void close() {
        for (java.io.Closeable c : new java.io.Closeable[] {stdin, out.channel, err.channel}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    /** One log: its channel, its tailer, its offset slot in {@code state}, and its disk bound. */
    private final class Stream {
        final Path file;
        final int slot;
        final Charset charset;
        FileChannel channel;
        LogTailer tailer;
        LogTailers.Handle handle;
        long freedUpTo;
        boolean punchFailed;

        Stream(Path file, int slot, Charset charset) {
            this.file = file;
            this.slot = slot;
            this.charset = charset;
        }

        private FileChannel channel() throws IOException {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            return channel;
        }

        List<String> before(int maxBytes) throws IOException {
            long at = Math.min(state.getLong(slot), channel().size());
            return LogTailer.linesBefore(channel(), at, maxBytes, charset);
        }

        void start(LogTailers tailers, Consumer<String> lines) throws IOException {
            tailer = new LogTailer(LogTailer.Source.of(channel()), state.getLong(slot), charset, lines, this::commit);
            freedUpTo = Math.max(0, state.getLong(slot) - KEEP_BYTES);
            handle = tailers.add(tailer, file);
        }

        void finish(long deadline, Consumer<String> lines) {
            try {
                if (handle == null) {
                    new LogTailer(LogTailer.Source.of(channel()), state.getLong(slot), charset, lines, this::commit)
                            .finish();
                    return;
                }
                handle.finish().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                handle.drop();
                LOG.warn("{}: the rest of the log was not read in time", file);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | java.util.concurrent.ExecutionException e) {
                LOG.warn("cannot read {}: {}", file, e.toString());
            }
        }

        void drop() {
            if (handle != null) {
                handle.drop();
            }
        }

        /** On the tailer's thread, after each delivered line. */
        private void commit(long offset) {
            state.putLong(slot, offset);
            try {
                bound(offset);
            } catch (IOException e) {
                LOG.debug("cannot bound {}: {}", file, e.toString());
            }
        }

        private void bound(long offset) throws IOException {
            if (!punchFailed) {
                long upTo = ((offset - KEEP_BYTES) >> 20) << 20;
                if (upTo - freedUpTo >= PUNCH_STEP) {
                    if (Posix.punch(file, upTo)) {
                        freedUpTo = upTo;
                    } else {
                        punchFailed = true;
                        LOG.info("{}: the file system cannot free parts of a file; the log is truncated when read up"
                                + " to its end beyond {} MiB", file, TRUNCATE_AT >> 20);
                    }
                }
            } else if (offset >= TRUNCATE_AT && channel.size() == offset) {
                channel.truncate(0); // the tailer starts again at 0 when it sees the shorter file
            }
        }
    }

    /** libc: FIFOs and hole punching. */
    interface Posix extends Library {
        Posix INSTANCE = LinuxLibc.load(Posix.class);
        int O_WRONLY = 1;
        int FALLOC_FL_KEEP_SIZE = 1;
        int FALLOC_FL_PUNCH_HOLE = 2;

        int mkfifo(String path, int mode);

        int open(String path, int flags);

        int fallocate(int fd, int mode, long offset, long len);

        int close(int fd);

        /** Frees the blocks of {@code [0, upTo)} of {@code file}, keeping its size; false where unsupported. */
        static boolean punch(Path file, long upTo) {
            int fd = INSTANCE.open(file.toString(), O_WRONLY);
            if (fd < 0) {
                return false;
            }
            try {
                return INSTANCE.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, upTo) == 0;
            } finally {
                INSTANCE.close(fd);
            }
        }
    }
}
