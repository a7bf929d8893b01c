package dev.mfp.daemon.instance.process;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that reads every file console's logs ({@link LogTailer}). The order in which a server wrote to
 * its stdout and its stderr is not in the files; it is in the kernel's inotify queue, which lists the writes to
 * all watched logs in the order they happened. So the thread reads the logs in the order of their modification
 * events (each up to its end, at most {@value #READS_PER_EVENT} reads; what is left is read round-robin after
 * the events), and a stderr line written between two stdout lines comes out between them as it did with the
 * daemon's own pipes — exactly so while the thread keeps up, approximately during a flood of both. Without
 * inotify (or after its queue overflowed) every log is polled in turn. When nothing happened it sleeps, doubling
 * from 1 ms up to {@value #IDLE_MAX_MS} ms (the events wait in the kernel meanwhile, in order).
 *
 * <p>The tailers are this thread's alone; other threads only add one, ask for one to be finished (read to the
 * end, the last partial line delivered) or dropped (the daemon detaches: nothing more is read).
 */
public final class LogTailers implements AutoCloseable {
    static final long IDLE_MAX_MS = 20;
    static final int READS_PER_EVENT = 4;
    private static final Logger LOG = LoggerFactory.getLogger(LogTailers.class);

    private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
    private final Queue<Entry> added = new ConcurrentLinkedQueue<>();
    /** Filled by {@link #add} (so that every write after it has its event), emptied by the thread. */
    private final Map<Integer, Entry> byWatch = new ConcurrentHashMap<>();
    // the thread's own
    private final Set<Entry> dirty = new LinkedHashSet<>();
    private final int inotify;
    private final Thread thread;
    private volatile boolean closed;

    private static final class Entry {
        final LogTailer tailer;
        final Path file;
        volatile int watch = -1;
        /** Whether the log held bytes not yet read when its watch was added (read once at registration). */
        volatile boolean unreadAtWatch = true;
        volatile CompletableFuture<Void> finishing;
        volatile boolean dropped;

        Entry(LogTailer tailer, Path file) {
            this.tailer = tailer;
            this.file = file;
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
            if (closed || !entries.contains(entry)) {
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
        this.inotify = Inotify.INSTANCE == null ? -1 : Inotify.INSTANCE.inotify_init1(Inotify.IN_NONBLOCK
                | Inotify.IN_CLOEXEC);
        if (inotify < 0) {
            LOG.info("inotify is not available: console logs are polled in turn");
        }
        this.thread = new Thread(this::run, "console-logs");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Starts reading {@code t}, the tailer of {@code file}; writes from now on are read in their order. */
    public Handle add(LogTailer t, Path file) {
        Entry e = new Entry(t, file);
        if (inotify >= 0) {
            e.watch = Inotify.INSTANCE.inotify_add_watch(inotify, file.toString(), Inotify.IN_MODIFY);
            if (e.watch >= 0) {
                byWatch.put(e.watch, e);
                e.unreadAtWatch = unread(t, file);
            }
        }
        entries.add(e);
        added.add(e);
        LockSupport.unpark(thread);
        return new Handle(e);
    }

    /** Tailers currently read (for the measurements in docs/instances.md). */
    public int size() {
        return entries.size();
    }

    /** How long reading pauses after a read left a subscriber far behind (see {@link LogTailer#backlogged()}). */
    private static final long BEHIND_PAUSE_MS = 2;
    /** Set by a read of this iteration that left a subscriber far behind (the reading thread's only). */
    private boolean behind;

    private void run() {
        long idleMs = 1;
        ByteBuffer events = ByteBuffer.allocate(16 * 1024).order(ByteOrder.nativeOrder());
        while (!closed) {
            boolean progress = register();
            progress |= inotify < 0 ? pollAll() : readEvents(events);
            for (java.util.Iterator<Entry> it = dirty.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (read(e, 1) == 0) {
                    it.remove();
                } else {
                    progress = true;
                }
            }
            progress |= settle();
            if (behind) {
                behind = false;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(BEHIND_PAUSE_MS));
            } else if (progress) {
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
        if (inotify >= 0) {
            Inotify.INSTANCE.close(inotify);
        }
    }

    /**
     * New tailers: read once right away when their log held unread bytes before it was watched. One that held none
     * is read on its events only: a write right after the watch is queued there in order with the other logs'
     * writes, and a first read would take it ahead of them (stdout's, then stderr's, whichever came first).
     */
    private boolean register() {
        boolean any = false;
        for (Entry e; (e = added.poll()) != null; ) {
            if (e.unreadAtWatch) {
                dirty.add(e);
            }
            any = true;
        }
        return any;
    }

    /** Whether {@code file} holds bytes beyond what {@code t} has read (true when that cannot be told). */
    private static boolean unread(LogTailer t, Path file) {
        try {
            return java.nio.file.Files.size(file) > t.offset();
        } catch (IOException e) {
            return true;
        }
    }

    /** The modification events so far, in order: each log read up to its end (bounded). */
    private boolean readEvents(ByteBuffer buf) {
        boolean any = false;
        while (true) {
            int n = Inotify.INSTANCE.read(inotify, buf.array(), new NativeLong(buf.capacity())).intValue();
            if (n <= 0) {
                return any; // EAGAIN: none left
            }
            any = true;
            buf.clear().limit(n);
            while (buf.remaining() >= 16) {
                int wd = buf.getInt();
                int mask = buf.getInt();
                buf.getInt(); // cookie
                int len = buf.getInt();
                buf.position(Math.min(buf.limit(), buf.position() + len));
                if ((mask & Inotify.IN_Q_OVERFLOW) != 0) {
                    dirty.addAll(entries);
                    continue;
                }
                Entry e = byWatch.get(wd);
                if (e == null) {
                    continue;
                }
                if ((mask & Inotify.IN_IGNORED) != 0) {
                    byWatch.remove(wd, e);
                    e.watch = -1;
                    dirty.add(e);
                } else if (read(e, READS_PER_EVENT) > 0) {
                    dirty.add(e); // more than the bounded reads: the rest after the events
                }
            }
        }
    }

    /** Without inotify: every log is read in the round that follows. */
    private boolean pollAll() {
        dirty.addAll(entries);
        return false;
    }

    /**
     * Reads {@code e} up to {@code reads} times; returns 0 once it is at the end of its log (the bytes of a
     * last read otherwise). A failing log is dropped.
     */
    private int read(Entry e, int reads) {
        if (e.dropped || !entries.contains(e)) {
            return 0;
        }
        try {
            int n = 0;
            for (int i = 0; i < reads; i++) {
                n = e.tailer.poll();
                if (n == 0) {
                    return 0;
                }
                if (e.tailer.backlogged()) {
                    behind = true; // the rest waits: the log is on disk, the server is not held up
                    return n;
                }
            }
            return n;
        } catch (IOException | RuntimeException ex) {
            LOG.warn("cannot read the console log {}: {}", e.file, ex.toString());
            remove(e);
            return 0;
        }
    }

    /** Finishes and drops what was asked for. True when anything was done. */
    private boolean settle() {
        boolean any = false;
        for (Entry e : entries) {
            if (e.dropped) {
                remove(e);
                any = true;
                continue;
            }
            CompletableFuture<Void> f = e.finishing;
            if (f != null) {
                try {
                    e.tailer.finish();
                } catch (IOException | RuntimeException ex) {
                    LOG.warn("cannot read the console log {}: {}", e.file, ex.toString());
                }
                remove(e);
                f.complete(null);
                any = true;
            }
        }
        return any;
    }

    private void remove(Entry e) {
        entries.remove(e);
        dirty.remove(e);
        if (e.watch >= 0) {
            byWatch.remove(e.watch, e);
            Inotify.INSTANCE.inotify_rm_watch(inotify, e.watch);
            e.watch = -1;
        }
        CompletableFuture<Void> f = e.finishing;
        if (f != null) {
            f.complete(null);
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

    /** libc's inotify (Linux). */
    interface Inotify extends Library {
        Inotify INSTANCE = LinuxLibc.load(Inotify.class);
        int IN_MODIFY = 0x2;
        int IN_IGNORED = 0x8000;
        int IN_Q_OVERFLOW = 0x4000;
        int IN_NONBLOCK = 04000;
        int IN_CLOEXEC = 02000000;

        int inotify_init1(int flags);

        int inotify_add_watch(int fd, String path, int mask);

        int inotify_rm_watch(int fd, int wd);

        NativeLong read(int fd, byte[] buf, NativeLong count);

        int close(int fd);
    }
}
