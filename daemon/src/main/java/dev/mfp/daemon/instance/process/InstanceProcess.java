package dev.mfp.daemon.instance.process;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of an instance: the process, its console and a line-oriented stdin writer. {@link #settled()} completes
 * once the owning instance has handled the exit. The console is one of:
 *
 * <ul>
 *   <li>files ({@link #spawnFiles}, pipe mode on Linux): stdin is a FIFO, the output goes to logs read by the
 *       shared {@link LogTailers} thread, so the server can outlive the daemon and be re-adopted ({@link #adopt},
 *       a process that is not our child: no {@code Process}, its exit is polled);</li>
 *   <li>the daemon's pipes ({@link #spawn}, elsewhere): one dedicated reader thread per output stream;</li>
 *   <li>a pseudo-terminal ({@link #spawnPty}, console.md §1): stdin, stdout and stderr are one terminal; a single
 *       reader thread reads the master in chunks of at most {@link #PTY_READ_BYTES}, publishes each on
 *       {@link #output()} and decodes it into lines ({@link PtyLineDecoder}); input goes to the master.</li>
 * </ul>
 */
public final class InstanceProcess {
    /** console.md §5: the bytes of one terminal read. */
    public static final int PTY_READ_BYTES = 4096;
    private static final String PTY_WRAPPER = "exec 0<>\"$0\" 1>&0 2>&0 || exit 126; exec \"$@\"";

    /** Null for a process adopted from an earlier daemon run (not our child). */
    private final Process process;
    private final ProcessHandle handle;
    private final CompletableFuture<?> exit;
    /** The console in files (pipe mode on Linux); null for the daemon's own pipes and for PTY runs. */
    private final FileConsole files;
    private final LogTailers tailers;
    private final Writer stdin;
    private final OutputStream rawStdin;
    private final Pty pty;
    private final ConsoleOutput ptyOutput;
    private final Object writeLock = new Object();
    private final Charset output;
    private final String name;
    private Thread outReader;
    private Consumer<String> stdoutSink = l -> { };
    private Consumer<String> stderrSink = l -> { };
    private Thread errReader;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();

    private final boolean ownGroup;

    private InstanceProcess(Process process, boolean ownGroup, Charset input, Charset output, String name, Pty pty) {
        this(process, process.toHandle(), process.onExit(), ownGroup, input, output, name, pty, null, null);
    }

    private InstanceProcess(Process process, ProcessHandle handle, CompletableFuture<?> exit, boolean ownGroup,
            Charset input, Charset output, String name, Pty pty, FileConsole files, LogTailers tailers) {
        this.process = process;
        this.handle = handle;
        this.exit = exit;
        this.files = files;
        this.tailers = tailers;
        this.ownGroup = ownGroup;
        this.pty = pty;
        this.rawStdin = files != null ? files.stdin() : pty == null ? process.getOutputStream() : new PtyOutputStream(pty);
        this.stdin = new OutputStreamWriter(rawStdin, input);
        this.output = output;
        this.name = name;
        this.ptyOutput = pty == null ? null : new ConsoleOutput();
    }

    public static InstanceProcess spawn(ProcessBuilder pb, Charset input, Charset output, String name) throws IOException {
        Process[] started = new Process[1];
        boolean grouped = ProcessGroups.startGrouped(pb, started);
        return new InstanceProcess(started[0], grouped, input, output, name, null);
    }

    /**
     * Starts {@code pb} with its console in {@code console} (fresh files of a new run, {@link FileConsole}): the
     * server does not depend on the daemon for its stdin and output, so it can outlive it and be re-adopted.
     */
    public static InstanceProcess spawnFiles(ProcessBuilder pb, Charset input, Charset output, String name,
            FileConsole console, LogTailers tailers) throws IOException {
        List<String> original = pb.command();
        try {
            console.redirect(pb);
            Process[] started = new Process[1];
            boolean grouped = ProcessGroups.startGrouped(pb, started);
            console.recordPid(started[0].pid());
            return new InstanceProcess(started[0], started[0].toHandle(), started[0].onExit(), grouped, input, output,
                    name, null, console, tailers);
        } finally {
            pb.command(original);
        }
    }

    /**
     * A server of an earlier daemon run, proven to be the recorded process, with its console files: commands go to
     * its FIFO, its logs are read from the recorded offsets. Its exit is seen by polling (it is not our child).
     */
    public static InstanceProcess adopt(ProcessHandle h, Charset input, Charset output, String name,
            FileConsole console, LogTailers tailers, java.util.concurrent.ScheduledExecutorService scheduler) {
        CompletableFuture<Void> exit = new CompletableFuture<>();
        java.util.concurrent.ScheduledFuture<?>[] poll = new java.util.concurrent.ScheduledFuture<?>[1];
        poll[0] = scheduler.scheduleWithFixedDelay(() -> {
            if (!Liveness.alive(h)) {
                exit.complete(null);
                poll[0].cancel(false);
            }
        }, 0, Liveness.POLL_MS, TimeUnit.MILLISECONDS);
        return new InstanceProcess(null, h, exit, Liveness.leadsOwnGroup(h.pid()), input, output, name, null, console,
                tailers);
    }

    /** Whether the console is in files (the server can outlive the daemon). */
    public boolean detachable() {
        return files != null;
    }

    /** Daemon shutdown with the detach policy: stop reading, keep the offsets; the server runs on. */
    public void detach() {
        if (files != null) {
            files.detach();
        }
    }

    /**
     * Starts {@code pb} on a new pseudo-terminal of {@code columns} × {@code rows}: through {@code /bin/sh}, which
     * opens the slave by path as stdin, stdout and stderr, and util-linux {@code setsid --ctty}, which makes the
     * child a session leader (and so the leader of its own process group, as {@link ProcessGroups} does) with the
     * slave as its controlling terminal; then the command of {@code pb} (already wrapped by {@link RunAs}, which
     * keeps the descriptors across the user switch). {@code handOver} is given the slave device before the start
     * (to make it the instance user's). IOException where no pseudo-terminal can be had.
     */
    public static InstanceProcess spawnPty(ProcessBuilder pb, Charset input, Charset output, String name, int columns,
            int rows, PathAction handOver) throws IOException {
        Path setsid = ProcessGroups.find("setsid");
        Path sh = Path.of("/bin/sh");
        if (setsid == null || !Files.isExecutable(sh)) {
            throw new IOException("PTY console mode needs /bin/sh and util-linux setsid");
        }
        Pty pty = Pty.open();
        List<String> original = pb.command();
        try {
            pty.resize(columns, rows);
            handOver.apply(pty.slavePath());
            List<String> wrapped = new ArrayList<>(original.size() + 6);
            wrapped.add(sh.toString());
            wrapped.add("-c");
            wrapped.add(PTY_WRAPPER);
            wrapped.add(pty.slavePath().toString());
            wrapped.add(setsid.toString());
            wrapped.add("--ctty");
            wrapped.addAll(original);
            pb.command(wrapped);
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            return new InstanceProcess(p, true, input, output, name, pty);
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
        } finally {
            pb.command(original);
        }
    }

    /** A step on a path that may fail (the slave hand-over). */
    @FunctionalInterface
    public interface PathAction {
        void apply(Path p) throws IOException;
    }

    /** Whether this run has a pseudo-terminal. */
    public boolean pty() {
        return pty != null;
    }

    /** The raw output stream of a PTY run (console.md §5); null in pipe mode. */
    public ConsoleOutput output() {
        return ptyOutput;
    }

    /** Resizes the terminal; a no-op in pipe mode. */
    public void resize(int columns, int rows) throws IOException {
        if (pty != null) {
            pty.resize(columns, rows);
        }
    }

    /** Writes raw bytes to stdin or the terminal and flushes (console.md §4 step 5), after any pending line. */
    public void writeRaw(byte[] data) throws IOException {
        synchronized (writeLock) {
            stdin.flush();
            rawStdin.write(data);
            rawStdin.flush();
        }
    }

    /**
     * After the server exited: kills whatever of its process group is still there (children it left behind,
     * which no longer hang below it in the tree). A no-op where the server could not get a group of its own.
     */
    public void killLeftovers() {
        if (ownGroup) {
            ProcessGroups.killGroup(handle.pid());
        }
    }

    /**
     * Starts the two dedicated reader threads (after the owner has recorded this run). In PTY mode one thread reads
     * the terminal and its lines go to {@code stdout}; there is no stderr.
     */
    public void startReaders(Consumer<String> stdout, Consumer<String> stderr) {
        if (files != null) {
            this.stdoutSink = stdout;
            this.stderrSink = stderr;
            try {
                files.start(tailers, stdout, stderr);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(InstanceProcess.class).warn("{}: cannot read the console logs: {}",
                        name, e.toString());
            }
            return;
        }
        if (pty != null) {
            this.outReader = new Thread(() -> pumpTerminal(stdout), name + "-pty");
            this.outReader.setDaemon(true);
            this.outReader.start();
            return;
        }
        this.outReader = ConsoleLineReader.start(name + "-stdout", process.getInputStream(), output, stdout);
        this.errReader = ConsoleLineReader.start(name + "-stderr", process.getErrorStream(), output, stderr);
    }

    /** Writes one line (platform terminator) and flushes. Blocks only this caller if the child does not read. */
    public void writeLine(String line) throws IOException {
        synchronized (writeLock) {
            stdin.write(line);
            stdin.write(System.lineSeparator());
            stdin.flush();
        }
    }

    public long pid() {
        return handle.pid();
    }

    public ProcessHandle handle() {
        return handle;
    }

    public boolean alive() {
        return process != null ? process.isAlive() : !exit.isDone() && Liveness.alive(handle);
    }

    public CompletableFuture<?> onExit() {
        return exit;
    }

    /** The exit code; 0 for an adopted process, whose code cannot be known. */
    public int exitCode() {
        return process != null ? process.exitValue() : 0;
    }

    /** Whether this is a server of an earlier daemon run. */
    public boolean adopted() {
        return process == null;
    }

    public void killTree() {
        ProcessTree.kill(handle);
        if (ownGroup) {
            ProcessGroups.killGroup(handle.pid());
        }
    }

    /** Snapshot of the process and its descendants. */
    public List<ProcessHandle> tree() {
        return ProcessTree.snapshot(handle);
    }

    public boolean awaitExit(long millis) throws InterruptedException {
        if (process != null) {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        }
        try {
            exit.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return exit.isDone();
        }
    }

    private void pumpTerminal(Consumer<String> lines) {
        PtyLineDecoder decoder = new PtyLineDecoder(output, lines);
        byte[] buf = new byte[PTY_READ_BYTES];
        try {
            int n;
            while ((n = pty.read(buf)) > 0) {
                byte[] chunk = java.util.Arrays.copyOf(buf, n);
                ptyOutput.publish(chunk);
                decoder.feed(chunk, 0, n);
            }
            decoder.finish();
        } finally {
            pty.close();
        }
    }

    /**
     * Waits (bounded) until both streams reached end of file, so no line of this run is still in flight. In PTY
     * mode the daemon's own slave descriptor is closed first (the process has exited), so that the terminal ends
     * once nothing else holds it.
     */
    public void joinReaders(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        if (files != null) {
            files.finish(millis, stdoutSink, stderrSink);
            return;
        }
        if (pty != null) {
            pty.closeSlave();
        }
        try {
            outReader.join(Math.max(1, deadline - System.currentTimeMillis()));
            if (errReader != null) {
                errReader.join(Math.max(1, deadline - System.currentTimeMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public CompletableFuture<Void> settled() {
        return settled;
    }

    /** Input to the terminal master as a stream (for the line writer). */
    private static final class PtyOutputStream extends OutputStream {
        private final Pty pty;

        PtyOutputStream(Pty pty) {
            this.pty = pty;
        }

        @Override
        public void write(int b) throws IOException {
            pty.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                pty.write(b, off, len);
            }
        }
    }
}
