package dev.mfp.daemon.instance.process;

import dev.mfp.daemon.util.Bursts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Reads one output log of a server run (the file its stdout or stderr is appended to by the kernel) from a byte
 * offset and splits it into console lines with the rules of {@link ConsoleLineReader}: {@code \n} ends a line, one
 * trailing {@code \r} is dropped, a line longer than {@link ConsoleLineReader#MAX_LINE_CHARS} characters is
 * delivered in pieces, bytes are decoded with the output charset (malformed input replaced). Lines are found in
 * the bytes (the encoded newline, aligned for UTF-16/32), so the offset after each delivered line is exact:
 * {@code commit} gets it after the line was handed on, and a later reader that starts there delivers every
 * further line exactly once. A trailing partial line stays unread until its newline comes (or {@link #finish}).
 *
 * <p>Not thread-safe: one thread polls it ({@link LogTailers}). Memory: the unfinished line only (at most a piece's
 * bytes plus one read).
 */
public final class LogTailer {
    static final int READ_BYTES = 64 * 1024;
    private static final int MAX = ConsoleLineReader.MAX_LINE_CHARS;

    private final Source source;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final byte[] newline;
    private final Consumer<String> lines;
    private final LongConsumer commit;
    /** Offset in the file of {@code pending[0]}. */
    private long base;
    private byte[] pending = new byte[256];
    private int pendingLen;
    /** One read buffer per reading thread (in practice the {@link LogTailers} thread), not one per log. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() ->
            ByteBuffer.allocate(READ_BYTES));

    /** Where the bytes come from: a log file, or a slice of one read before. */
    public interface Source {
        long size() throws IOException;

        int read(ByteBuffer into, long position) throws IOException;

        static Source of(FileChannel ch) {
            return new Source() {
                @Override
                public long size() throws IOException {
                    return ch.size();
                }

                @Override
                public int read(ByteBuffer into, long position) throws IOException {
                    return ch.read(into, position);
                }
            };
        }

        static Source of(byte[] bytes, int from) {
            return new Source() {
                @Override
                public long size() {
                    return bytes.length - from;
                }

                @Override
                public int read(ByteBuffer into, long position) {
                    int at = from + (int) position;
                    int n = Math.min(into.remaining(), bytes.length - at);
                    if (n <= 0) {
                        return -1;
                    }
                    into.put(bytes, at, n);
                    return n;
                }
            };
        }
    }

    public LogTailer(Source source, long offset, Charset charset, Consumer<String> lines, LongConsumer commit) {
        this.source = source;
        this.base = offset;
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.newline = newlineBytes(charset);
        this.lines = lines;
        this.commit = commit;
    }

    /** The offset up to which every line has been delivered. */
    public long offset() {
        return base;
    }

    /**
     * Reads what the file holds beyond what was read (at most {@value #READ_BYTES} bytes) and delivers the complete
     * lines. Returns the bytes read: 0 at the end of the file. A file shorter than the offset (truncated by someone
     * else) is read again from its start.
     */
    private boolean backlogged;

    /** Whether a subscriber was left far behind by the lines of the last {@link #poll()}. */
    public boolean backlogged() {
        return backlogged;
    }

    public int poll() throws IOException {
        long readAt = base + pendingLen;
        if (source.size() < readAt) {
            base = 0;
            pendingLen = 0;
            readAt = 0;
            commit.accept(0);
        }
        ByteBuffer readBuffer = READ_BUFFER.get();
        readBuffer.clear();
        int n = source.read(readBuffer, readAt);
        if (n <= 0) {
            return 0;
        }
        ensure(pendingLen + n);
        System.arraycopy(readBuffer.array(), 0, pending, pendingLen, n);
        pendingLen += n;
        // the lines of one read go out to each subscriber together; a subscriber far behind slows the next read
        backlogged = Bursts.run(() -> split(false));
        return n;
    }

    /** The end of the stream (the writer has exited): the rest is delivered as a last line. */
    public void finish() throws IOException {
        while (poll() > 0) {
            // read to the end
        }
        split(true);
    }

    private void split(boolean end) {
        int start = 0;
        while (true) {
            int nl = indexOfNewline(start);
            if (nl >= 0) {
                deliverLine(start, nl);
                start = nl + newline.length;
                commit.accept(base + start);
                continue;
            }
            int rest = pendingLen - start;
            if (rest == 0) {
                break;
            }
            if (end) {
                deliverLine(start, pendingLen);
                start = pendingLen;
                commit.accept(base + start);
                break;
            }
            if (rest >= MAX) {
                int used = deliverPieceIfFull(start);
                if (used > 0) {
                    start += used;
                    commit.accept(base + start);
                    continue;
                }
            }
            break;
        }
        if (start > 0) {
            System.arraycopy(pending, start, pending, 0, pendingLen - start);
            pendingLen -= start;
            base += start;
            if (pending.length > 4 * READ_BYTES && pendingLen < READ_BYTES) {
                pending = Arrays.copyOf(pending, Math.max(256, pendingLen));
            }
        }
    }

    /** A whole line {@code [from, to)}: one string, or pieces of at most MAX characters. */
    private void deliverLine(int from, int to) {
        int len = to - from;
        if (len <= MAX) {
            emit(new String(pending, from, len, charset));
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(pending, from, len);
        CharBuffer out = CharBuffer.allocate(MAX);
        decoder.reset();
        while (true) {
            out.clear();
            CoderResult r = decoder.decode(in, out, true);
            if (r.isOverflow()) {
                out.flip();
                emit(out.toString());
                continue;
            }
            decoder.flush(out);
            out.flip();
            if (out.hasRemaining()) {
                emit(out.toString());
            }
            return;
        }
    }

    /** An unfinished line that already decodes to MAX characters: that piece is delivered; its byte count. */
    private int deliverPieceIfFull(int from) {
        ByteBuffer in = ByteBuffer.wrap(pending, from, pendingLen - from);
        CharBuffer out = CharBuffer.allocate(MAX);
        decoder.reset();
        CoderResult r = decoder.decode(in, out, false);
        if (!r.isOverflow() && out.hasRemaining()) {
            return 0;
        }
        out.flip();
        emit(out.toString());
        return in.position() - from;
    }

    private void emit(String s) {
        String line = s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        try {
            lines.accept(line);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LogTailer.class).warn("console line consumer failed", e);
        }
    }

    private int indexOfNewline(int from) {
        int w = newline.length;
        if (w == 1) {
            byte b = newline[0];
            for (int i = from; i < pendingLen; i++) {
                if (pending[i] == b) {
                    return i;
                }
            }
            return -1;
        }
        outer:
        for (int i = from; i + w <= pendingLen; i += w) {
            for (int k = 0; k < w; k++) {
                if (pending[i + k] != newline[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void ensure(int size) {
        if (size > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(size, pending.length * 2));
        }
    }

    /** The encoded {@code \n} without a byte-order mark (1 byte for ASCII-compatible charsets, 2 or 4 otherwise). */
    static byte[] newlineBytes(Charset cs) {
        byte[] one = "\n".getBytes(cs);
        byte[] two = "\n\n".getBytes(cs);
        int w = two.length - one.length;
        if (w <= 0) {
            return new byte[] {'\n'};
        }
        return Arrays.copyOfRange(two, two.length - w, two.length);
    }

    /**
     * The complete lines of {@code channel} in {@code [end - maxBytes, end)} (the first, cut one dropped), for the
     * history of a re-adopted run: what the previous daemon had already published.
     */
    public static List<String> linesBefore(FileChannel channel, long end, int maxBytes, Charset cs)
            throws IOException {
        long from = Math.max(0, end - maxBytes);
        ByteBuffer buf = ByteBuffer.allocate((int) (end - from));
        while (buf.hasRemaining()) {
            int n = channel.read(buf, from + buf.position());
            if (n <= 0) {
                break;
            }
        }
        byte[] bytes = Arrays.copyOf(buf.array(), buf.position());
        int start = 0;
        if (from > 0) {
            byte[] nl = newlineBytes(cs);
            int cut = indexOf(bytes, nl);
            if (cut < 0) {
                return List.of();
            }
            start = cut + nl.length;
        }
        List<String> out = new ArrayList<>();
        new LogTailer(Source.of(bytes, start), 0, cs, out::add, o -> { }).finish();
        return out;
    }

    private static int indexOf(byte[] b, byte[] nl) {
        for (int i = 0; i + nl.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + nl.length, nl, 0, nl.length)) {
                return i;
            }
        }
        return -1;
    }
}
