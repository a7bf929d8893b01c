package dev.mfp.daemon.files.upload;

import java.util.Map;
import java.util.TreeMap;

/**
 * Disjoint half-open byte ranges {@code [from, to)} received so far; overlapping and repeated ranges are merged,
 * so {@link #covered()} counts every byte once. Not thread-safe (the upload session lock guards it).
 */
public final class RangeSet {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long covered;

    public void add(long from, long to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("bad range " + from + ".." + to);
        }
        if (from == to) {
            return;
        }
        long start = from;
        long end = to;
        Map.Entry<Long, Long> before = ranges.floorEntry(from);
        if (before != null && before.getValue() >= from) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
            covered -= before.getValue() - before.getKey();
            ranges.remove(before.getKey());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            covered -= next.getValue() - next.getKey();
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
        covered += end - start;
    }

    /**
     * Whether adding {@code [from, to)} keeps the set at or below {@code maxRanges} disjoint ranges: always when
     * there is room for one more, otherwise only when the new range touches (overlaps or adjoins) a held one.
     */
    public boolean fitsWithin(long from, long to, int maxRanges) {
        if (from == to || ranges.size() < maxRanges) {
            return true;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(from);
        if (before != null && before.getValue() >= from) {
            return true;
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(from);
        return next != null && next.getKey() <= to;
    }

    /** Number of distinct bytes covered. */
    public long covered() {
        return covered;
    }

    /** The ranges in ascending order, as half-open {@code "from..to"} strings. */
    public java.util.List<String> halfOpen() {
        java.util.List<String> out = new java.util.ArrayList<>(ranges.size());
        ranges.forEach((from, to) -> out.add(from + ".." + to));
        return out;
    }

    /** Number of disjoint ranges held. */
    public int size() {
        return ranges.size();
    }

    /** The end of the covered run that contains {@code from} ({@code from} itself when it is not covered). */
    public long coveredUntil(long from) {
        Map.Entry<Long, Long> e = ranges.floorEntry(from);
        return e != null && e.getValue() > from ? e.getValue() : from;
    }

    /** Whether {@code [0, size)} is fully covered. */
    public boolean coversAll(long size) {
        if (size == 0) {
            return true;
        }
        Map.Entry<Long, Long> first = ranges.firstEntry();
        return first != null && first.getKey() == 0 && first.getValue() >= size;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
