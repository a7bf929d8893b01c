package dev.mfp.daemon.instance.process;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that reads every file console's logs ({@link LogTailer}): it polls each log in turn (at most one
 * read of each per round, so a flooding server cannot starve the others), goes on at once while any had data and
 * otherwise sleeps, doubling from 1 ms up to {@value #IDLE_MAX_MS} ms. The tailers are this thread's alone;
 * other threads only add one, ask for one to be finished (read to the end, the last partial line delivered) or
 * dropped (the daemon detaches: nothing more is read, the offset stays where it is).
 */
public final class LogTailers implements AutoCloseable {
    static final long IDLE_MAX_MS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(LogTailers.class);

    private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    private static final class Entry {
        final LogTailer tailer;
        volatile CompletableFuture<Void> finishing;
        volatile boolean dropped;

        Entry(LogTailer tailer) {
            this.tailer = tailer;
        }
    }

    /** A registered tailer, to finish or drop. */
    public final class Handle {
        private final Entry entry;

        private Handle(Entry entry) {
            this.entry = entry;
        }

        /** Completes once everything up to the end of the log has been delivered (the writer has exited). */
        public CompletableFuture<Void> finish() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            entry.finishing = f;
            LockSupport.unpark(thread);
            if (closed) {
                f.complete(null);
            }
            return f;
        }

        /** Stops reading without delivering the partial line. */
        public void drop() {
            entry.dropped = true;
            LockSupport.unpark(thread);
        }
    }

    public LogTailers() {
        this.thread = new Thread(this::run, "console-logs");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public Handle add(LogTailer t) {
        Entry e = new Entry(t);
        entries.add(e);
        LockSupport.unpark(thread);
        return new Handle(e);
    }

    /** Tailers currently read (for the measurements in docs/instances.md). */
    public int size() {
        return entries.size();
    }

    private void run() {
        long idleMs = 1;
        while (!closed) {
            boolean progress = false;
            for (Entry e : entries) {
                if (e.dropped) {
                    entries.remove(e);
                    continue;
                }
                CompletableFuture<Void> finishing = e.finishing;
                try {
                    int n = e.tailer.poll();
                    progress |= n > 0;
                    if (n == 0 && finishing != null) {
                        e.tailer.finish();
                        entries.remove(e);
                        finishing.complete(null);
                    }
                } catch (IOException | RuntimeException ex) {
                    LOG.warn("cannot read a console log: {}", ex.toString());
                    entries.remove(e);
                    if (finishing != null) {
                        finishing.complete(null);
                    }
                }
            }
            if (progress) {
                idleMs = 1;
            } else if (entries.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(idleMs));
                idleMs = Math.min(IDLE_MAX_MS, idleMs * 2);
            }
        }
        for (Entry e : entries) {
            CompletableFuture<Void> f = e.finishing;
            if (f != null) {
                f.complete(null);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
