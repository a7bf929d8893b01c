package dev.mfp.daemon.instance.process;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw output byte stream of one PTY run (console.md §5): every chunk read from the terminal master, with its
 * offset in the stream (from 0 at process start), handed to the attached listeners in order, and the most recent
 * chunks up to {@link #HISTORY_BYTES} kept for replay (oldest whole chunks evicted first). It belongs to the run:
 * a new start has a new one. Listeners are called under this object's lock and must not block.
 */
public final class ConsoleOutput {
    public static final int HISTORY_BYTES = 1_048_576;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleOutput.class);

    /** One terminal read: {@code data} starts at byte {@code offset} of the stream. Never empty. */
    public record Chunk(long offset, byte[] data) {
    }

    private final int historyBytes;
    private final ArrayDeque<Chunk> history = new ArrayDeque<>();
    private final List<Consumer<Chunk>> listeners = new CopyOnWriteArrayList<>();
    private long retained;
    private long next;

    public ConsoleOutput() {
        this(HISTORY_BYTES);
    }

    ConsoleOutput(int historyBytes) {
        this.historyBytes = historyBytes;
    }

    /** Appends one chunk (the caller's array is taken over) and hands it to every listener. */
    public synchronized void publish(byte[] data) {
        if (data.length == 0) {
            return;
        }
        Chunk c = new Chunk(next, data);
        next += data.length;
        history.addLast(c);
        retained += data.length;
        while (retained > historyBytes && history.size() > 1) {
            retained -= history.removeFirst().data().length;
        }
        if (retained > historyBytes) { // one chunk larger than the whole history (not from a 4096-byte read)
            retained -= history.removeFirst().data().length;
        }
        for (Consumer<Chunk> l : listeners) {
            deliver(l, c);
        }
    }

    /**
     * Attaches {@code listener}: with {@code replay} the retained history first, in order and without gap to the
     * live chunks that follow, contiguous chunks merged into pieces of at most {@code replayPieceBytes} (so that a
     * full history does not take hundreds of messages). Returns what detaches it (idempotent).
     */
    public synchronized Runnable attach(Consumer<Chunk> listener, boolean replay, int replayPieceBytes) {
        if (replay) {
            long start = -1;
            java.io.ByteArrayOutputStream piece = new java.io.ByteArrayOutputStream();
            for (Chunk c : history) {
                if (piece.size() > 0 && piece.size() + c.data().length > replayPieceBytes) {
                    deliver(listener, new Chunk(start, piece.toByteArray()));
                    piece.reset();
                }
                if (piece.size() == 0) {
                    start = c.offset();
                }
                piece.writeBytes(c.data());
            }
            if (piece.size() > 0) {
                deliver(listener, new Chunk(start, piece.toByteArray()));
            }
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** How many listeners are attached. */
    public int listeners() {
        return listeners.size();
    }

    /** Bytes produced so far (the offset of the next chunk). */
    public synchronized long length() {
        return next;
    }

    private static void deliver(Consumer<Chunk> l, Chunk c) {
        try {
            l.accept(c);
        } catch (RuntimeException e) {
            LOG.warn("console output listener failed", e);
        }
    }
}
