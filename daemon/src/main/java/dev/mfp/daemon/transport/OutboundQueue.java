package dev.mfp.daemon.transport;

import dev.mfp.daemon.util.Bursts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Every frame waiting to be written to one WebSocket (responses, events, upload acknowledgements, pongs), sent one
 * at a time in order. Sizes are counted in bytes: the texts are ASCII (the protocol mapper escapes everything
 * else), so a character is one byte on the heap and on the wire; each frame also counts {@link #FRAME_OVERHEAD}.
 *
 * <p>Policy for a peer that does not read (all bounds in {@link Limits}): above {@code pauseBytes} the connection
 * stops reading frames ({@link #pauseReading()}) until the queue is back to {@code resumeBytes}; events are best
 * effort (events.md §4) and dropped (counted) above {@code eventBytes}; responses and pongs are never dropped
 * singly: above {@code closeBytes} everything queued is dropped and the connection is closed (1008). The same
 * happens to a connection above {@code pauseBytes} while the daemon-wide {@link OutboundBudget} is exceeded, and
 * such a connection gets no events. Publishers never block.
 */
final class OutboundQueue {
    /** Counted per frame besides its payload (entry, header, callback), so that floods of tiny frames count. */
    static final int FRAME_OVERHEAD = 64;

    /**
     * Writes one frame and reports completion through the callback: (error or null). {@code more} says that other
     * frames follow at once, so the writer may gather them into one write (the last of a burst has it false).
     */
    interface Writer {
        /** A text frame, UTF-8 encoded; the array may be shared with other connections and must not be changed. */
        void write(byte[] utf8, Consumer<Throwable> done);

        default void write(byte[] utf8, boolean more, Consumer<Throwable> done) {
            write(utf8, done);
        }

        default void writePong(ByteBuffer payload, Consumer<Throwable> done) {
            throw new UnsupportedOperationException("pong");
        }

        default void writePong(ByteBuffer payload, boolean more, Consumer<Throwable> done) {
            writePong(payload, done);
        }

        default void writeBinary(ByteBuffer payload, Consumer<Throwable> done) {
            throw new UnsupportedOperationException("binary");
        }

        default void writeBinary(ByteBuffer payload, boolean more, Consumer<Throwable> done) {
            writeBinary(payload, done);
        }
    }

    /** Most frames handed to the writer at once, and most bytes (a burst has at least one frame). */
    static final int MAX_BURST = 64;
    static final long MAX_BURST_BYTES = 256 * 1024;

    /**
     * {@code maxEntries}: queued entries above which the connection is closed like above {@code closeBytes} (v2
     * transport.md §6: 256 messages); {@code dropEvents}: whether events above {@code eventBytes} are dropped
     * (v1) or queued like responses (v2, which closes a slow consumer instead of losing its events).
     */
    record Limits(long pauseBytes, long resumeBytes, long eventBytes, long closeBytes, int maxEntries,
            boolean dropEvents) {
        Limits(long pauseBytes, long resumeBytes, long eventBytes, long closeBytes) {
            this(pauseBytes, resumeBytes, eventBytes, closeBytes, Integer.MAX_VALUE, true);
        }
    }

    /**
     * One message; a text (UTF-8) with a binary is a pair sent back to back (v2's download read and its chunk). A
     * pong has only {@code binary}, flagged by {@code pong}.
     */
    private record Entry(byte[] text, ByteBuffer binary, boolean pong, Runnable onSent, long size) {
    }

    private final Writer writer;
    private final Limits limits;
    private final OutboundBudget budget;
    private final Runnable onOverflow;
    private final Runnable onResume;
    private final BiConsumer<String, Throwable> onFailure;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    /** The queued frames plus the one being written. */
    private long queuedBytes;
    private long peakBytes;
    private boolean active;
    /** Active, but the writing waits for the end of the publisher's burst ({@link #flushBurst}). */
    private boolean deferred;
    private boolean failed;
    private boolean readingPaused;
    private long droppedEvents;
    private long writingSince;

    OutboundQueue(Writer writer, Limits limits, OutboundBudget budget, Runnable onOverflow, Runnable onResume,
            BiConsumer<String, Throwable> onFailure) {
        this.writer = writer;
        this.limits = limits;
        this.budget = budget;
        this.onOverflow = onOverflow;
        this.onResume = onResume;
        this.onFailure = onFailure;
    }

    /**
     * An event's text frame, UTF-8 encoded once for every connection it goes to (the array is never changed);
     * returns false when the event was dropped.
     */
    boolean offerEvent(byte[] utf8) {
        synchronized (this) {
            if (limits.dropEvents() && (failed || queuedBytes > limits.eventBytes()
                    || (queuedBytes > limits.pauseBytes() && budget.exceeded()))) {
                droppedEvents++;
                return false;
            }
        }
        enqueue(new Entry(utf8, null, false, null, utf8.length + FRAME_OVERHEAD), true);
        return true;
    }

    void offerResponse(String text, Runnable onSent) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        enqueue(new Entry(utf8, null, false, onSent, utf8.length + FRAME_OVERHEAD), false);
    }

    void offerPong(ByteBuffer payload) {
        enqueue(new Entry(null, payload, true, null, payload.remaining() + FRAME_OVERHEAD), false);
    }

    /** A binary message; {@code text}, when not null, is sent right before it with nothing in between. */
    void offerBinary(String text, ByteBuffer payload, Runnable onSent) {
        byte[] utf8 = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        long size = payload.remaining() + FRAME_OVERHEAD + (utf8 == null ? 0 : utf8.length + FRAME_OVERHEAD);
        enqueue(new Entry(utf8, payload, false, onSent, size), false);
    }

    /** When the message being written was handed to the socket (epoch ms), 0 when nothing is being written. */
    synchronized long writingSince() {
        return writingSince;
    }

    /**
     * Asked after each frame read: true means "do not read the next frame yet"; {@code onResume} then runs once
     * the queue has drained to {@code resumeBytes}. False means read on (the caller demands the next frame).
     */
    synchronized boolean pauseReading() {
        if (!failed && queuedBytes > limits.pauseBytes()) {
            readingPaused = true;
            return true;
        }
        return false;
    }

    synchronized long droppedEvents() {
        return droppedEvents;
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    synchronized long peakBytes() {
        return peakBytes;
    }

    synchronized boolean readingPaused() {
        return readingPaused;
    }

    /**
     * {@code event}: an event that finds the queue idle inside a {@link Bursts burst} starts writing when the burst
     * ends, so that the lines delivered with it go out together.
     */
    private void enqueue(Entry e, boolean event) {
        boolean start = false;
        boolean overflow = false;
        boolean rejected;
        synchronized (this) {
            rejected = failed;
            if (!rejected) {
                queue.add(e);
                queuedBytes += e.size;
                budget.add(e.size);
                peakBytes = Math.max(peakBytes, queuedBytes);
                overflow = queuedBytes > limits.closeBytes() || queue.size() > limits.maxEntries()
                        || (queuedBytes > limits.pauseBytes() && budget.exceeded());
                if (!active && !overflow) {
                    active = true;
                    // inside a burst an event waits for the burst's end, with what follows it
                    deferred = event && Bursts.defer(this::flushBurst);
                    start = !deferred;
                } else if (deferred && !overflow && queue.size() >= MAX_BURST) {
                    deferred = false; // a whole burst is waiting already: write it now (v2 bounds the queue's length)
                    start = true;
                }
            }
        }
        if (rejected) {
            runQuietly(e.onSent);
            return;
        }
        if (overflow) {
            dropAll();
            onOverflow.run();
            return;
        }
        if (start) {
            pump();
        }
    }

    /**
     * The deferred start of a burst's writing (unless a full burst started it already); reports a backlog when more
     * than the resume bound stays unsent.
     */
    private void flushBurst() {
        boolean go;
        synchronized (this) {
            go = deferred;
            deferred = false;
        }
        if (go) {
            pump();
        }
        boolean behind;
        synchronized (this) {
            behind = queuedBytes > limits.resumeBytes();
        }
        if (behind) {
            Bursts.backlog();
        }
    }

    /**
     * Sends the queued frames in bursts: each turn takes what is queued (at most {@link #MAX_BURST} frames and
     * {@link #MAX_BURST_BYTES}), hands it to the writer in order, all but the last flagged "more follow", and the
     * next turn starts once the whole burst has completed. A burst that completes synchronously continues this
     * loop; one that completes later resumes it from its last callback. Whichever of "returned" and "completed"
     * happens second carries on, so bursts never overlap and the stack never grows.
     */
    private void pump() {
        while (true) {
            Entry[] burst;
            synchronized (this) {
                if (queue.isEmpty()) {
                    active = false;
                    writingSince = 0;
                    return;
                }
                int n = 0;
                long bytes = 0;
                for (Entry e : queue) {
                    if (n == MAX_BURST || (n > 0 && bytes + e.size > MAX_BURST_BYTES)) {
                        break;
                    }
                    n++;
                    bytes += e.size;
                }
                burst = new Entry[n];
                for (int i = 0; i < n; i++) {
                    burst[i] = queue.poll();
                }
                writingSince = System.currentTimeMillis();
            }
            // 0 pending, 1 returned first, 2 completed first; the count is what of the burst has not completed
            AtomicInteger state = new AtomicInteger();
            AtomicInteger outstanding = new AtomicInteger(burst.length);
            for (int i = 0; i < burst.length; i++) {
                write(burst[i], i < burst.length - 1, error -> {
                    if (outstanding.decrementAndGet() == 0 && !state.compareAndSet(0, 2)) {
                        pump();
                    }
                });
            }
            if (state.compareAndSet(0, 1)) {
                return;
            }
        }
    }

    /** Writes one entry; {@code next} runs after its completion has been accounted for. */
    private void write(Entry sent, boolean more, Consumer<Throwable> next) {
        Consumer<Throwable> done = error -> {
            boolean resume = false;
            synchronized (this) {
                queuedBytes -= sent.size;
                budget.release(sent.size);
                if (readingPaused && queuedBytes <= limits.resumeBytes()) {
                    readingPaused = false;
                    resume = true;
                }
            }
            runQuietly(sent.onSent);
            if (error != null) {
                fail(error);
            } else if (resume) {
                onResume.run();
            }
            next.accept(error);
        };
        if (sent.pong) {
            writer.writePong(sent.binary, more, done);
        } else if (sent.binary == null) {
            writer.write(sent.text, more, done);
        } else if (sent.text == null) {
            writer.writeBinary(sent.binary, more, done);
        } else {
            // the pair goes out back to back; the entry completes with its binary, failing if either failed
            java.util.concurrent.atomic.AtomicReference<Throwable> textError = new java.util.concurrent.atomic.AtomicReference<>();
            writer.write(sent.text, true, textError::set);
            writer.writeBinary(sent.binary, more, error -> done.accept(textError.get() != null ? textError.get() : error));
        }
    }

    private void fail(Throwable error) {
        if (dropAll()) {
            onFailure.accept("send failed", error);
        }
    }

    /** Drops everything still queued, running the completion hooks (the connection is gone). */
    void close() {
        dropAll();
    }

    /**
     * Marks the queue failed and drops what is queued (the frame being written stays counted until it completes).
     * Returns false if it had already failed.
     */
    private boolean dropAll() {
        ArrayDeque<Entry> rest;
        boolean first;
        synchronized (this) {
            first = !failed;
            failed = true;
            readingPaused = false;
            rest = new ArrayDeque<>(queue);
            queue.clear();
            long dropped = 0;
            for (Entry e : rest) {
                dropped += e.size;
            }
            queuedBytes -= dropped;
            budget.release(dropped);
        }
        for (Entry e : rest) {
            runQuietly(e.onSent);
        }
        return first;
    }

    private static void runQuietly(Runnable r) {
        if (r != null) {
            r.run();
        }
    }
}
