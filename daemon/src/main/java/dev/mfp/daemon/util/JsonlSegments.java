package dev.mfp.daemon.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file steps of the daemon's JSON-Lines histories (the audit log, the monitoring history): numbered segment
 * files, owner-only and appended to, an incomplete last line cut off at start, lines read back with a bound.
 */
public final class JsonlSegments {
    private static final Logger LOG = LoggerFactory.getLogger(JsonlSegments.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private JsonlSegments() {
    }

    /** The segments of {@code dir} whose names {@code name} matches (group 1 = the number), by number. */
    public static TreeMap<Integer, Path> list(Path dir, Pattern name) {
        TreeMap<Integer, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                Matcher m = name.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    found.put(Integer.parseInt(m.group(1)), p);
                }
            }
        } catch (IOException e) {
            LOG.debug("{} not listed: {}", dir, e.toString());
        }
        return found;
    }

    /** Opens (creating owner-only) a segment for appending; a link is not followed. */
    public static FileChannel openForAppend(Path p) throws IOException {
        FileAttribute<?>[] attrs = POSIX ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
        return FileChannel.open(p, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), attrs);
    }

    /** Cuts what follows the last newline of {@code p} (a record a kill interrupted); returns the new size. */
    public static long cutIncompleteLine(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            long end = size;
            ByteBuffer buf = ByteBuffer.allocate(8192);
            search:
            while (end > 0) {
                long start = Math.max(0, end - buf.capacity());
                buf.clear().limit((int) (end - start));
                while (buf.hasRemaining()) {
                    if (ch.read(buf, start + buf.position()) < 0) {
                        break;
                    }
                }
                for (int i = buf.position() - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        end = start + i + 1;
                        break search;
                    }
                }
                end = start;
            }
            if (end < size) {
                ch.truncate(end);
                LOG.warn("segment {}: incomplete last line ({} bytes) cut off", p, size - end);
            }
            return end;
        }
    }

    /**
     * Reads the first {@code limit} bytes ({@code -1}: all) of {@code p} and hands each complete, non-empty line of at
     * most {@code maxLine} bytes (without its newline) to {@code line}; longer lines and a final line without its
     * newline are skipped.
     */
    public static void scan(Path p, long limit, int maxLine, Consumer<byte[]> line) throws IOException {
        try (InputStream in = Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long left = limit < 0 ? Long.MAX_VALUE : limit;
            byte[] buf = new byte[65536];
            ByteArrayOutputStream current = new ByteArrayOutputStream(512);
            boolean tooLong = false;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                left -= n;
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    if (!tooLong && current.size() + (i - from) <= maxLine) {
                        current.write(buf, from, i - from);
                        if (current.size() > 0) {
                            line.accept(current.toByteArray());
                        }
                    }
                    current.reset();
                    tooLong = false;
                    from = i + 1;
                }
                if (!tooLong) {
                    if (current.size() + (n - from) > maxLine) {
                        tooLong = true;
                        current.reset();
                    } else {
                        current.write(buf, from, n - from);
                    }
                }
            }
        }
    }
}
