package dev.mfp.daemon.audit;

import dev.mfp.daemon.util.JsonlSegments;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit history (audit.md §4): JSON-Lines segments {@code audit-NNNNNN.jsonl} in one directory, one record per
 * line, appended in order.
 *
 * <ul>
 *   <li>Each record is written with one append to the open segment (a {@link FileChannel}, no user-space buffer), so
 *       a killed daemon loses at most the record being written; the incomplete line it leaves at the end of the
 *       newest segment is cut off when the log is opened again.</li>
 *   <li>A record that would make the current segment larger than its cap (4 MiB) starts the next segment; then,
 *       at open and once an hour, the oldest closed segments are deleted while all together exceed
 *       {@code maximum_bytes} or were last written more than {@code retention_days} ago.</li>
 *   <li>Writes are fail-open: {@link #append} never throws; a record it could not write is counted in
 *       {@link #droppedRecords()}. After a failed write the segment is cut back to its last whole line (or, if that
 *       fails too, the next record starts a new segment), so no record is glued to a broken one.</li>
 *   <li>All mutable state (the open segment, its size, the counter) belongs to one lock. A query copies the segment
 *       list and the readable length of the open segment under it, then reads without it, newest segment first,
 *       keeping no more records than the cap asks for.</li>
 * </ul>
 * Directory and files are owner-only, like the daemon's other files.
 */
public final class AuditLog implements AutoCloseable {
    public static final long SEGMENT_BYTES = 4L * 1024 * 1024;
    /** Lines longer than this are damage, not records (a record is at most a few KiB); a query skips them. */
    static final int MAX_LINE = 1024 * 1024;
    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);
    private static final Pattern NAME = Pattern.compile("audit-(\\d{6})\\.jsonl");
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path dir;
    private final AuditSettings settings;
    private final Clock clock;
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    // --- guarded by lock
    private int active;
    private long activeSize;
    private FileChannel out;
    /** When the open segment was last written (the stamp it gets when closed). */
    private Instant lastWrite;
    private boolean closed;
    private long dropped;
    private Instant lastRetention;

    private AuditLog(Path dir, AuditSettings settings, Clock clock, long segmentBytes) {
        this.dir = dir;
        this.settings = settings;
        this.clock = clock;
        this.segmentBytes = segmentBytes;
    }

    /** Opens (creating) the history in {@code dir}, cuts an incomplete last line and applies the retention. */
    public static AuditLog open(Path dir, AuditSettings settings, Clock clock) {
        return open(dir, settings, clock, SEGMENT_BYTES);
    }

    static AuditLog open(Path dir, AuditSettings settings, Clock clock, long segmentBytes) {
        AuditLog log = new AuditLog(dir, settings, clock, segmentBytes);
        log.lock.lock();
        try {
            log.recover();
        } finally {
            log.lock.unlock();
        }
        return log;
    }

    public Path directory() {
        return dir;
    }

    /** Writes {@code r}, stamped with the clock's time. Never throws; a failure is counted and logged. */
    public void append(AuditRecord r) {
        lock.lock();
        try {
            if (closed) {
                dropped++;
                return;
            }
            AuditRecord stamped = r.at(clock.instant());
            byte[] line = line(stamped);
            if (activeSize > 0 && activeSize + line.length > segmentBytes) {
                roll();
            }
            write(line);
            lastWrite = stamped.timestamp();
            if (lastRetention == null || !clock.instant().isBefore(lastRetention.plus(RETENTION_INTERVAL))) {
                retain();
            }
        } catch (IOException | RuntimeException e) {
            dropped++;
            LOG.warn("audit record of {} not written ({} dropped since start): {}", r.method(), dropped, e.toString());
        } finally {
            lock.unlock();
        }
    }

    /** Records lost to write failures since the log was opened. */
    public long droppedRecords() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** A query's answer: matching records newest first, and the drop counter at the time of the query. */
    public record Page(List<AuditRecord> records, long droppedRecords) {
    }

    /**
     * Records matching {@code filter} that {@code owner} may see ({@code "*"}: all; any other value: those with that
     * principal), newest first, at most {@code limit}.
     */
    public Page query(AuditFilter filter, int limit, String owner) {
        TreeMap<Integer, Long> readable = new TreeMap<>(); // segment number -> bytes to read (-1: all)
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
        List<AuditRecord> found = new ArrayList<>();
        boolean all = "*".equals(owner);
        for (Iterator<Integer> it = readable.descendingKeySet().iterator(); it.hasNext() && found.size() < limit; ) {
            int n = it.next();
            int need = limit - found.size();
            ArrayDeque<AuditRecord> last = new ArrayDeque<>(Math.min(need, 1024));
            try {
                scan(path(n), readable.get(n), r -> {
                    if ((all || r.principal().equals(owner)) && filter.matches(r)) {
                        if (last.size() == need) {
                            last.removeFirst();
                        }
                        last.addLast(r);
                    }
                });
            } catch (NoSuchFileException e) {
                continue; // deleted by the retention meanwhile
            } catch (IOException e) {
                LOG.warn("audit segment {} not readable: {}", path(n), e.toString());
                continue;
            }
            for (Iterator<AuditRecord> r = last.descendingIterator(); r.hasNext(); ) {
                found.add(r.next());
            }
        }
        return new Page(List.copyOf(found), droppedNow);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeActive();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- writing (lock held)

    private void recover() {
        try {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } else {
                Files.createDirectories(dir);
            }
            TreeMap<Integer, Path> existing = segments();
            active = existing.isEmpty() ? 1 : existing.lastKey();
            activeSize = existing.isEmpty() ? 0 : JsonlSegments.cutIncompleteLine(path(active));
            retain();
        } catch (IOException | RuntimeException e) {
            // fail-open: the daemon runs; the first write tries again and counts its failure
            LOG.warn("audit log in {} not ready: {}", dir, e.toString());
            if (active == 0) {
                active = 1;
            }
        }
    }

    private void write(byte[] line) throws IOException {
        if (out == null) {
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
                out.truncate(activeSize); // back to the last whole line
            } catch (IOException | RuntimeException again) {
                closeActive();
                active++; // never append after a part of a line
                activeSize = 0;
            }
            throw e;
        }
    }


    private void roll() {
        closeActive();
        active++;
        activeSize = 0;
        retain();
    }

    /** Closes the open segment and stamps it with the clock's time of its last record (what the retention reads). */
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
            LOG.debug("audit segment {} not closed cleanly: {}", path(active), e.toString());
        }
        out = null;
    }

    /** audit.md §4: the oldest closed segments go while over the byte cap or older than the retention age. */
    private void retain() {
        Instant now = clock.instant();
        lastRetention = now;
        Instant cutoff = now.minus(Duration.ofDays(settings.retentionDays()));
        try {
            TreeMap<Integer, Path> all = segments();
            long total = 0;
            TreeMap<Integer, long[]> sizes = new TreeMap<>();
            for (var e : all.entrySet()) {
                long size = e.getKey() == active ? activeSize : Files.size(e.getValue());
                long modified = Files.getLastModifiedTime(e.getValue(), LinkOption.NOFOLLOW_LINKS).toMillis();
                sizes.put(e.getKey(), new long[] {size, modified});
                total += size;
            }
            for (var e : sizes.entrySet()) {
                int n = e.getKey();
                if (n >= active) {
                    break;
                }
                boolean old = e.getValue()[1] < cutoff.toEpochMilli();
                if (total > settings.maximumBytes() || old) {
                    Files.deleteIfExists(path(n));
                    total -= e.getValue()[0];
                    LOG.debug("audit segment {} deleted ({})", path(n), old ? "retention age" : "byte cap");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("audit retention in {} failed: {}", dir, e.toString());
        }
    }

    private TreeMap<Integer, Path> segments() {
        return JsonlSegments.list(dir, NAME);
    }

    private Path path(int n) {
        return dir.resolve(String.format("audit-%06d.jsonl", n));
    }

    private static byte[] line(AuditRecord r) throws IOException {
        byte[] json = Json.mapper().writeValueAsBytes(r.toJson());
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    // ---------------------------------------------------------------- reading (no lock)

    private interface Sink {
        void accept(AuditRecord r);
    }

    /** Reads the first {@code limit} bytes ({@code -1}: all) of {@code p}; damaged and incomplete lines skipped. */
    private static void scan(Path p, long limit, Sink sink) throws IOException {
        JsonlSegments.scan(p, limit, MAX_LINE, bytes -> parse(bytes, sink));
    }

    private static void parse(byte[] line, Sink sink) {
        try {
            JsonNode n = Json.mapper().readTree(line);
            sink.accept(AuditRecord.fromJson(n));
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("damaged audit line skipped: {}", e.toString());
        }
    }
}
