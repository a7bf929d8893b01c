package dev.mfp.daemon.transport;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The frames waiting to be written to one WebSocket, sent one at a time in order.
 *
 * <p>Policy for a consumer that cannot keep up: events are best effort (events.md §4), so an event is
 * dropped (and counted) while more than {@code eventLimitChars} characters are queued; responses are never
 * dropped, and when the queue exceeds {@code hardLimitChars} the connection is closed (1008) instead of
 * letting memory grow. Publishers never block.
 */
final class OutboundQueue {
    /** Writes one frame and reports completion through the callback: (error or null). */
    interface Writer {
        void write(String text, Consumer<Throwable> done);
    }

    private record Entry(String text, Runnable onSent) {
    }

    private final Writer writer;
    private final long eventLimitChars;
    private final long hardLimitChars;
    private final Runnable onOverflow;
    private final BiConsumer<String, Throwable> onFailure;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private long queuedChars;
    private boolean active;
    private boolean failed;
    private long droppedEvents;

    OutboundQueue(Writer writer, long eventLimitChars, long hardLimitChars, Runnable onOverflow,
            BiConsumer<String, Throwable> onFailure) {
        this.writer = writer;
        this.eventLimitChars = eventLimitChars;
        this.hardLimitChars = hardLimitChars;
        this.onOverflow = onOverflow;
        this.onFailure = onFailure;
    }

    /** Returns false when the event was dropped. */
    boolean offerEvent(String text) {
        synchronized (this) {
            if (failed || queuedChars > eventLimitChars) {
                droppedEvents++;
                return false;
            }
        }
        enqueue(new Entry(text, null));
        return true;
    }

    void offerResponse(String text, Runnable onSent) {
        enqueue(new Entry(text, onSent));
    }

    synchronized long droppedEvents() {
        return droppedEvents;
    }

    synchronized long queuedChars() {
        return queuedChars;
    }

    private void enqueue(Entry e) {
        boolean start = false;
        boolean overflow = false;
        boolean rejected;
        synchronized (this) {
            rejected = failed;
            if (!rejected) {
                queue.add(e);
                queuedChars += e.text.length();
                overflow = queuedChars > hardLimitChars;
                start = !active;
                if (start) {
                    active = true;
                }
            }
        }
        if (rejected) {
            runQuietly(e.onSent);
            return;
        }
        if (overflow) {
            onOverflow.run();
        }
        if (start) {
            pump();
        }
    }

    /**
     * Sends queued frames one after another. A write that completes synchronously continues this loop; one
     * that completes later resumes it from its callback. Whichever of "returned" and "completed" happens
     * second carries on, so frames never overlap and the stack never grows.
     */
    private void pump() {
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    active = false;
                    return;
                }
            }
            AtomicInteger state = new AtomicInteger(); // 0 pending, 1 returned first, 2 completed first
            Entry sent = next;
            writer.write(sent.text, error -> {
                synchronized (this) {
                    queuedChars -= sent.text.length();
                }
                runQuietly(sent.onSent);
                if (error != null) {
                    fail(error);
                    return;
                }
                if (!state.compareAndSet(0, 2)) {
                    pump();
                }
            });
            if (state.compareAndSet(0, 1)) {
                return;
            }
        }
    }

    private void fail(Throwable error) {
        ArrayDeque<Entry> rest;
        synchronized (this) {
            if (failed) {
                return;
            }
            failed = true;
            rest = new ArrayDeque<>(queue);
            queue.clear();
            queuedChars = 0;
        }
        for (Entry e : rest) {
            runQuietly(e.onSent);
        }
        onFailure.accept("send failed", error);
    }

    /** Drops everything still queued, running the completion hooks (the connection is gone). */
    void close() {
        synchronized (this) {
            failed = true;
        }
        ArrayDeque<Entry> rest;
        synchronized (this) {
            rest = new ArrayDeque<>(queue);
            queue.clear();
            queuedChars = 0;
        }
        for (Entry e : rest) {
            runQuietly(e.onSent);
        }
    }

    private static void runQuietly(Runnable r) {
        if (r != null) {
            r.run();
        }
    }
}
