package dev.mfp.protocol.json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An immutable lookup of values by ASCII name that takes the name as a slice of frame bytes, so that resolving an
 * action or a method costs no {@code String}. Open addressing over a power-of-two table.
 */
public final class AsciiNames<T> {
    private final byte[][] keys;
    private final Object[] values;
    private final int mask;

    public AsciiNames(Map<String, T> entries) {
        int size = Integer.highestOneBit(Math.max(4, entries.size() * 3)) << 1;
        keys = new byte[size][];
        values = new Object[size];
        mask = size - 1;
        for (Map.Entry<String, T> e : entries.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            int slot = hash(k, 0, k.length) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = k;
            values[slot] = e.getValue();
        }
    }

    private static int hash(byte[] b, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }

    /** The value named by {@code b[start, end)}, or {@code null}. */
    @SuppressWarnings("unchecked")
    public T get(byte[] b, int start, int end) {
        int len = end - start;
        for (int slot = hash(b, start, end) & mask; ; slot = (slot + 1) & mask) {
            byte[] k = keys[slot];
            if (k == null) {
                return null;
            }
            if (k.length == len && java.util.Arrays.equals(k, 0, len, b, start, end)) {
                return (T) values[slot];
            }
        }
    }
}
