package dev.mfp.daemon.instance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent console lines of one instance, oldest first, bounded by a line count and by the size the lines
 * take in a {@code get_instance_log_history} answer (their JSON string form as the protocol mapper writes it:
 * quotes, escapes, {@code \\uXXXX} for every non-ASCII unit, and a separator). The newest line is always kept.
 */
public final class ConsoleRing {
    private final int capacity;
    private final long maxBytes;
    private final ArrayDeque<String> lines;
    private final ArrayDeque<Integer> sizes;
    private long bytes;

    public ConsoleRing(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.lines = new ArrayDeque<>(Math.min(capacity, 4096));
        this.sizes = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    public synchronized void add(String line) {
        int size = wireSize(line);
        // the array brackets: the whole answer array stays within maxBytes
        while (!lines.isEmpty() && (lines.size() == capacity || 2 + bytes + size > maxBytes)) {
            lines.pollFirst();
            bytes -= sizes.pollFirst();
        }
        lines.addLast(line);
        sizes.addLast(size);
        bytes += size;
    }

    /** The lines, oldest first (the strings themselves are shared, not copied). */
    public synchronized List<String> snapshot() {
        return new ArrayList<>(lines);
    }

    public int capacity() {
        return capacity;
    }

    /** Bytes the lines now held take in an answer. */
    public synchronized long bytes() {
        return bytes;
    }

    /** The line as a JSON array element: its quoted, escaped form plus one separator. */
    static int wireSize(String s) {
        int n = 3;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                n += c == '"' || c == '\\' ? 2 : 1;
            } else if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                n += 2;
            } else {
                n += 6;
            }
        }
        return n;
    }
}
