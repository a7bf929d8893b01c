package dev.mfp.daemon.instance;

import dev.mfp.daemon.instance.process.InstanceProcess;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One console session's hold on one run of an instance (v2 console.md): it stays bound to that run — after the
 * process has ended input and resizes are refused (30003), and a later start is not seen.
 */
public final class ConsoleAttachment {
    private final InstanceProcess process;
    private final Runnable detach;
    private final AtomicBoolean closed = new AtomicBoolean();

    ConsoleAttachment(InstanceProcess process, Runnable detach) {
        this.process = process;
        this.detach = detach;
    }

    /** Whether the run has a pseudo-terminal (output frames exist only then). */
    public boolean pty() {
        return process.pty();
    }

    /** Whether the run's process still lives. */
    public boolean alive() {
        return process.alive();
    }

    /** Writes raw input (stdin or the terminal), flushed. 30003 once the process has ended. */
    public void write(byte[] data) {
        if (!process.alive()) {
            throw notRunning();
        }
        try {
            process.writeRaw(data);
        } catch (IOException e) {
            throw notRunning();
        }
    }

    /** Resizes the terminal (no-op in pipe mode). 30003 once the process has ended. */
    public void resize(int columns, int rows) {
        if (!process.alive()) {
            throw notRunning();
        }
        try {
            process.resize(columns, rows);
        } catch (IOException e) {
            if (!process.alive()) {
                throw notRunning();
            }
            throw new DaemonError(Failure.PROCESS_ERROR, e.getMessage());
        }
    }

    /** Detaches from the output (idempotent). */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            detach.run();
        }
    }

    private static DaemonError notRunning() {
        return new DaemonError(Failure.BAD_INSTANCE_STATE, "the process has ended");
    }
}
