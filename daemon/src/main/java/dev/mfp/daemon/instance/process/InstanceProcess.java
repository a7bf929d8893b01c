package dev.mfp.daemon.instance.process;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of an instance: the child process, one dedicated reader thread per output stream, and a line-oriented
 * stdin writer. {@link #settled()} completes once the owning instance has handled the exit.
 */
public final class InstanceProcess {
    private final Process process;
    private final Writer stdin;
    private final Object writeLock = new Object();
    private final Charset output;
    private final String name;
    private Thread outReader;
    private Thread errReader;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();

    private final boolean ownGroup;

    private InstanceProcess(Process process, boolean ownGroup, Charset input, Charset output, String name) {
        this.process = process;
        this.ownGroup = ownGroup;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), input);
        this.output = output;
        this.name = name;
    }

    public static InstanceProcess spawn(ProcessBuilder pb, Charset input, Charset output, String name) throws IOException {
        Process[] started = new Process[1];
        boolean grouped = ProcessGroups.startGrouped(pb, started);
        return new InstanceProcess(started[0], grouped, input, output, name);
    }

    /**
     * After the server exited: kills whatever of its process group is still there (children it left behind,
     * which no longer hang below it in the tree). A no-op where the server could not get a group of its own.
     */
    public void killLeftovers() {
        if (ownGroup) {
            ProcessGroups.killGroup(process.pid());
        }
    }

    /** Starts the two dedicated reader threads (after the owner has recorded this run). */
    public void startReaders(Consumer<String> stdout, Consumer<String> stderr) {
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
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public void killTree() {
        ProcessTree.kill(process.toHandle());
        if (ownGroup) {
            ProcessGroups.killGroup(process.pid());
        }
    }

    /** Snapshot of the process and its descendants. */
    public List<ProcessHandle> tree() {
        return ProcessTree.snapshot(process.toHandle());
    }

    public boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** Waits (bounded) until both streams reached end of file, so no line of this run is still in flight. */
    public void joinReaders(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        try {
            outReader.join(Math.max(1, deadline - System.currentTimeMillis()));
            errReader.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public CompletableFuture<Void> settled() {
        return settled;
    }
}
