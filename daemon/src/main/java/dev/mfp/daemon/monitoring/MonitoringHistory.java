package dev.mfp.daemon.monitoring;

import dev.mfp.daemon.util.JsonlSegments;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics history (monitoring.md §4): JSON-Lines segments {@code metrics-NNNNNN.jsonl}, built like the audit log
 * ({@code audit/AuditLog}): one append per record on a {@link FileChannel}, a 4 MiB segment cap, the incomplete last
 * line cut at open, retention (byte cap and age, the active segment kept) at open, at each roll and hourly, one lock
 * for all mutable state, queries reading without it.
 *
 * <p>On top of that it owns the gap rules of §1.1: a start gap when the newest stored record is not a gap and at
 * least two intervals old; write failures counted in {@link #droppedRecords()} and remembered as one outage whose
 * first and last instants are written as gap markers before the next successful record (and at {@link #close}).
 * {@link #latest()} is the newest successfully written non-gap record, the one read from disk at open until the
 * first write of this run (decisions.md #13).
 */
public final class MonitoringHistory implements AutoCloseable {
    public static final long SEGMENT_BYTES = 4L * 1024 * 1024;
    /** A query reads at most this many (the newest) records of its window. */
    public static final int MAXIMUM_WINDOW_RECORDS = 100_000;
    static final int MAX_LINE = 1024 * 1024;
    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);
    private static final Pattern NAME = Pattern.compile("metrics-(\\d{6})\\.jsonl");
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringHistory.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path dir;
    private final MonitoringSettings settings;
    private final Clock clock;
    private final Duration interval;
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    // --- guarded by lock
    private int active;
    private long activeSize;
    private FileChannel out;
    private Instant lastWrite;
    private Instant lastRetention;
    private boolean closed;
    private long dropped;
    private MonitoringSample latest;
    /** First and last instant of the current write outage; null when none is remembered. */
    private Instant outageFirst;
    private Instant outageLast;

    private MonitoringHistory(Path dir, MonitoringSettings settings, Clock clock, Duration interval,
            long segmentBytes) {
        this.dir = dir;
        this.settings = settings;
        this.clock = clock;
        this.interval = interval;
        this.segmentBytes = segmentBytes;
    }

    /** Opens (creating) the history, cuts an incomplete last line, applies retention and writes a start gap. */
    public static MonitoringHistory open(Path dir, MonitoringSettings settings, Clock clock, Duration interval) {
        return open(dir, settings, clock, interval, SEGMENT_BYTES);
    }

    static MonitoringHistory open(Path dir, MonitoringSettings settings, Clock clock, Duration interval,
            long segmentBytes) {
        MonitoringHistory h = new MonitoringHistory(dir, settings, clock, interval, segmentBytes);
        h.lock.lock();
        try {
            MonitoringSample newest = h.recover();
            Instant now = clock.instant();
            if (newest != null && !newest.gap() && !newest.timestamp().plus(interval.multipliedBy(2)).isAfter(now)) {
                h.appendLocked(MonitoringSample.gap(now));
            }
        } finally {
            h.lock.unlock();
        }
        return h;
    }

    public Path directory() {
        return dir;
    }

    /** Writes {@code s} (after any remembered outage markers). Never throws; returns whether {@code s} was written. */
    public boolean append(MonitoringSample s) {
        lock.lock();
        try {
            return appendLocked(s);
        } finally {
            lock.unlock();
        }
    }

    /** Newest non-gap record successfully written (or found at open); null when none. */
    public MonitoringSample latest() {
        lock.lock();
        try {
            return latest;
        } finally {
            lock.unlock();
        }
    }

    /** Records lost to write failures since the history was opened. */
    public long droppedRecords() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** A query's answer, oldest first, and the drop counter at the time of the query. */
    public record Page(List<MonitoringSample> samples, long droppedRecords) {
    }

    /** monitoring.md §3.2: the records in [{@code notBefore}, {@code notAfter}], downsampled to {@code cap}. */
    public Page query(Instant notBefore, Instant notAfter, int cap) {
        TreeMap<Integer, Long> readable = new TreeMap<>();
        long droppedNow;
        lock.lock();
        try {
            for (int n : segments().keySet()) {
                readable.put(n, n == active ? activeSize : -1L);
            }
            droppedNow = dropped;
        } finally {
            lock.unlock();
        }
        if (notAfter.isBefore(notBefore)) {
            return new Page(List.of(), droppedNow);
        }
        ArrayDeque<MonitoringSample> window = new ArrayDeque<>();
        for (Map.Entry<Integer, Long> e : readable.entrySet()) {
            Path p = path(e.getKey());
            try {
                if (e.getValue() < 0 && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant()
                        .isBefore(notBefore)) {
                    continue; // closed and last written before the window: nothing in it
                }
                scan(p, e.getValue(), s -> {
                    Instant t = s.timestamp();
                    if (!t.isBefore(notBefore) && !t.isAfter(notAfter)) {
                        if (window.size() == MAXIMUM_WINDOW_RECORDS) {
                            window.removeFirst();
                        }
                        window.addLast(s);
                    }
                });
            } catch (IOException ex) {
                LOG.debug("metrics segment {} not readable: {}", p, ex.toString());
            }
        }
        return new Page(downsample(new ArrayList<>(window), notBefore, notAfter, cap), droppedNow);
    }

    /** monitoring.md §3.2 downsampling, in 100-ns ticks. */
    static List<MonitoringSample> downsample(List<MonitoringSample> records, Instant notBefore, Instant notAfter,
            int cap) {
        if (records.size() <= cap) {
            return List.copyOf(records);
        }
        long from = ticks(notBefore);
        long span = ticks(notAfter) - from;
        long w = Math.max(1, span / cap + (span % cap == 0 ? 0 : 1));
        List<MonitoringSample> out = new ArrayList<>();
        long bucket = -1;
        List<MonitoringSample> members = new ArrayList<>();
        MonitoringSample winner = null;
        for (MonitoringSample r : records) {
            long b = Math.max(0, Math.min(cap - 1, Math.floorDiv(ticks(r.timestamp()) - from, w)));
            if (b != bucket && winner != null) {
                out.add(merge(winner, members));
                members.clear();
                winner = null;
            }
            bucket = b;
            members.add(r);
            if (winner == null || !winner.gap() || r.gap()) {
                winner = r;
            }
        }
        if (winner != null) {
            out.add(merge(winner, members));
        }
        return out;
    }

    private static MonitoringSample merge(MonitoringSample winner, List<MonitoringSample> members) {
        if (members.size() == 1) {
            return winner;
        }
        List<MonitoringSample.InstanceEvent> events = new ArrayList<>();
        Integer dropped = null;
        for (MonitoringSample m : members) {
            if (m.events() != null) {
                events.addAll(m.events());
            }
            if (m.droppedEvents() != null) {
                dropped = (dropped == null ? 0 : dropped) + m.droppedEvents();
            }
        }
        return winner.withEvents(events.isEmpty() ? winner.events() : events, dropped);
    }

    static long ticks(Instant t) {
        return t.getEpochSecond() * 10_000_000L + t.getNano() / 100;
    }

    /** Writes the remembered outage markers and closes the open segment. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                writeOutage();
            } catch (IOException | RuntimeException e) {
                LOG.warn("metrics outage markers not written at shutdown: {}", e.toString());
            }
            closed = true;
            closeActive();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- writing (lock held)

    private boolean appendLocked(MonitoringSample s) {
        if (closed) {
            dropped++;
            return false;
        }
        try {
            writeOutage();
            writeRecord(s);
            if (!s.gap()) {
                latest = s;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            dropped++;
            if (outageFirst == null) {
                outageFirst = s.timestamp();
            }
            outageLast = s.timestamp();
            LOG.warn("metrics record not written ({} dropped since start): {}", dropped, e.toString());
            return false;
        }
    }

    private void writeOutage() throws IOException {
        if (outageFirst == null) {
            return;
        }
        writeRecord(MonitoringSample.gap(outageFirst));
        if (!outageLast.equals(outageFirst)) {
            try {
                writeRecord(MonitoringSample.gap(outageLast));
            } catch (IOException | RuntimeException e) {
                outageFirst = outageLast; // the first marker is on disk; only the last is still owed
                throw e;
            }
        }
        outageFirst = null;
        outageLast = null;
    }

    private void writeRecord(MonitoringSample s) throws IOException {
        byte[] line = line(s);
        boolean rolled = activeSize > 0 && activeSize + line.length > segmentBytes;
        if (rolled) {
            closeActive();
            active++;
            activeSize = 0;
        }
        if (out == null) {
            ensureDirectory();
            out = JsonlSegments.openForAppend(path(active));
            activeSize = out.size();
        }
        ByteBuffer buf = ByteBuffer.wrap(line);
        try {
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            activeSize += line.length;
        } catch (IOException | RuntimeException e) {
            try {
                out.truncate(activeSize);
            } catch (IOException | RuntimeException again) {
                closeActive();
                active++;
                activeSize = 0;
            }
            throw e;
        }
        lastWrite = clock.instant();
        // after a roll the new record already counts, so the byte cap holds with it
        if (rolled || lastRetention == null || !lastWrite.isBefore(lastRetention.plus(RETENTION_INTERVAL))) {
            retain();
        }
    }

    /** Returns the newest stored record (any kind) and sets {@link #latest}. */
    private MonitoringSample recover() {
        MonitoringSample newest = null;
        try {
            ensureDirectory();
            TreeMap<Integer, Path> existing = segments();
            active = existing.isEmpty() ? 1 : existing.lastKey();
            activeSize = existing.isEmpty() ? 0 : JsonlSegments.cutIncompleteLine(path(active));
            for (int n : existing.descendingKeySet()) {
                MonitoringSample[] found = new MonitoringSample[2]; // newest of the segment, newest non-gap
                scan(path(n), -1, s -> {
                    found[0] = s;
                    if (!s.gap()) {
                        found[1] = s;
                    }
                });
                if (newest == null) {
                    newest = found[0];
                }
                if (found[1] != null) {
                    latest = found[1];
                    break;
                }
            }
            retain();
        } catch (IOException | RuntimeException e) {
            LOG.warn("metrics history in {} not ready: {}", dir, e.toString());
            if (active == 0) {
                active = 1;
            }
        }
        return newest;
    }

    private void ensureDirectory() throws IOException {
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }



    private void closeActive() {
        if (out == null) {
            return;
        }
        try {
            out.close();
            if (lastWrite != null) {
                Files.setLastModifiedTime(path(active), FileTime.from(lastWrite));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("metrics segment {} not closed cleanly: {}", path(active), e.toString());
        }
        out = null;
    }

    /** §4: the oldest closed segments go while over the byte cap or last written before the retention age. */
    private void retain() {
        Instant now = clock.instant();
        lastRetention = now;
        Instant cutoff = now.minus(Duration.ofDays(settings.retentionDays()));
        try {
            TreeMap<Integer, long[]> sizes = new TreeMap<>();
            long total = 0;
            for (var e : segments().entrySet()) {
                long size = e.getKey() == active ? activeSize : Files.size(e.getValue());
                long modified = Files.getLastModifiedTime(e.getValue(), LinkOption.NOFOLLOW_LINKS).toMillis();
                sizes.put(e.getKey(), new long[] {size, modified});
                total += size;
            }
            for (var e : sizes.entrySet()) {
                if (e.getKey() >= active) {
                    break;
                }
                boolean old = e.getValue()[1] < cutoff.toEpochMilli();
                if (total > settings.maximumBytes() || old) {
                    Files.deleteIfExists(path(e.getKey()));
                    total -= e.getValue()[0];
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("metrics retention in {} failed: {}", dir, e.toString());
        }
    }

    private TreeMap<Integer, Path> segments() {
        return JsonlSegments.list(dir, NAME);
    }

    private Path path(int n) {
        return dir.resolve(String.format("metrics-%06d.jsonl", n));
    }

    static byte[] line(MonitoringSample s) throws IOException {
        byte[] json = Json.mapper().writeValueAsBytes(s.toJson());
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    // ---------------------------------------------------------------- reading (no lock)

    /** Reads the first {@code limit} bytes ({@code -1}: all) of {@code p}; damaged and incomplete lines skipped. */
    private static void scan(Path p, long limit, Consumer<MonitoringSample> sink) throws IOException {
        JsonlSegments.scan(p, limit, MAX_LINE, line -> {
            try {
                sink.accept(MonitoringSample.fromJson(Json.mapper().readTree(line)));
            } catch (IOException | RuntimeException e) {
                LOG.debug("damaged metrics line skipped: {}", e.toString());
            }
        });
    }

}
