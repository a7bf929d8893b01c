package dev.mfp.daemon.instance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The most recent console lines of one instance, oldest first, bounded by a line count. */
public final class ConsoleRing {
    private final int capacity;
    private final ArrayDeque<String> lines;

    public ConsoleRing(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    public synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.pollFirst();
        }
        lines.addLast(line);
    }

    public synchronized List<String> snapshot() {
        return new ArrayList<>(lines);
    }

    public int capacity() {
        return capacity;
    }
}
