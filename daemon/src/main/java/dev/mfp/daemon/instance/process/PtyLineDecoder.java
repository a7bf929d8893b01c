package dev.mfp.daemon.instance.process;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.function.Consumer;

/**
 * Log lines from a terminal byte stream (v2 events.md §4.1): the bytes are decoded with the output encoding (a
 * character split across reads is completed by the next read), escape sequences are removed — CSI ({@code ESC [}
 * parameters and intermediates, final byte {@code @}–{@code ~}), OSC ({@code ESC ]} … {@code BEL} or
 * {@code ESC \}), and the short ECMA-48 escapes {@code ESC} [intermediates] final (such as {@code ESC ( B} of
 * {@code sgr0}) — lines end at {@code \n} and trailing {@code \r}s are trimmed (a program's {@code \r\n} reaches the master as
 * {@code \r\r\n}). An escape sequence that grows
 * beyond {@link #MAX_ESCAPE} characters is abandoned: what was collected of it is dropped and the characters after
 * it are text again. Lines that are empty or whitespace only are not delivered; a line longer than
 * {@link ConsoleLineReader#MAX_LINE_CHARS} is delivered in pieces. Not thread-safe: one reader feeds it.
 */
public final class PtyLineDecoder {
    public static final int MAX_ESCAPE = 128;
    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;

    private enum State { TEXT, ESCAPE, INTERMEDIATE, CSI, OSC, OSC_ESCAPE }

    private final CharsetDecoder decoder;
    private final Consumer<String> lines;
    private final StringBuilder line = new StringBuilder(256);
    private ByteBuffer leftover = ByteBuffer.allocate(0);
    private CharBuffer chars = CharBuffer.allocate(8192);
    private State state = State.TEXT;
    private int escapeLength;

    public PtyLineDecoder(Charset charset, Consumer<String> lines) {
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.lines = lines;
    }

    /** Feeds {@code len} bytes of the stream. */
    public void feed(byte[] b, int off, int len) {
        ByteBuffer in;
        if (leftover.hasRemaining()) {
            in = ByteBuffer.allocate(leftover.remaining() + len);
            in.put(leftover).put(b, off, len).flip();
        } else {
            in = ByteBuffer.wrap(b, off, len);
        }
        decode(in, false);
        if (in.hasRemaining()) {
            ByteBuffer rest = ByteBuffer.allocate(in.remaining());
            rest.put(in).flip();
            leftover = rest;
        } else {
            leftover = ByteBuffer.allocate(0);
        }
    }

    /** End of the stream: an incomplete character becomes a replacement, an unterminated last line is delivered. */
    public void finish() {
        decode(leftover, true);
        leftover = ByteBuffer.allocate(0);
        chars.clear();
        decoder.flush(chars);
        drain();
        emit();
    }

    private void decode(ByteBuffer in, boolean end) {
        while (true) {
            chars.clear();
            CoderResult r = decoder.decode(in, chars, end);
            drain();
            if (!r.isOverflow()) {
                return;
            }
        }
    }

    private void drain() {
        chars.flip();
        while (chars.hasRemaining()) {
            accept(chars.get());
        }
        chars.clear();
    }

    private void accept(char c) {
        switch (state) {
            case TEXT -> text(c);
            case ESCAPE -> {
                if (grow()) {
                    return;
                }
                if (c == '[') {
                    state = State.CSI;
                } else if (c == ']') {
                    state = State.OSC;
                } else if (c >= 0x20 && c <= 0x2f) {
                    state = State.INTERMEDIATE;
                } else if (c >= 0x30 && c <= 0x7e) {
                    state = State.TEXT; // a two-character escape (ESC 7, ESC =, ESC M, ...)
                } else {
                    abandon(c); // ESC before a control character: not an escape sequence
                }
            }
            case INTERMEDIATE -> {
                if (grow()) {
                    return;
                }
                if (c >= 0x30 && c <= 0x7e) {
                    state = State.TEXT;
                } else if (c < 0x20 || c > 0x2f) {
                    abandon(c);
                }
            }
            case CSI -> {
                if (grow()) {
                    return;
                }
                if (c >= 0x40 && c <= 0x7e) {
                    state = State.TEXT;
                } else if (c < 0x20 || c > 0x3f) {
                    abandon(c);
                }
            }
            case OSC -> {
                if (grow()) {
                    return;
                }
                if (c == BEL || c == 0x9c) {
                    state = State.TEXT;
                } else if (c == ESC) {
                    state = State.OSC_ESCAPE;
                }
            }
            case OSC_ESCAPE -> {
                if (c == '\\') {
                    state = State.TEXT; // ST
                } else {
                    state = State.ESCAPE; // the ESC starts a new sequence
                    escapeLength = 1;
                    accept(c);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Counts one more character of the current sequence; true when that makes it too long (abandoned). */
    private boolean grow() {
        escapeLength++;
        if (escapeLength > MAX_ESCAPE) {
            state = State.TEXT;
            return true;
        }
        return false;
    }

    /** Not a sequence after all: back to text, {@code c} is read as text. */
    private void abandon(char c) {
        state = State.TEXT;
        text(c);
    }

    private void text(char c) {
        if (c == ESC) {
            state = State.ESCAPE;
            escapeLength = 1;
        } else if (c == '\n') {
            emit();
        } else {
            line.append(c);
            if (line.length() >= ConsoleLineReader.MAX_LINE_CHARS) {
                emit();
            }
        }
    }

    private void emit() {
        int len = line.length();
        while (len > 0 && line.charAt(len - 1) == '\r') { // "\r\n" written to a terminal arrives as "\r\r\n"
            len--;
        }
        line.setLength(len);
        String s = line.toString();
        line.setLength(0);
        if (s.isBlank()) {
            return;
        }
        try {
            lines.accept(s);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(PtyLineDecoder.class).warn("console line consumer failed", e);
        }
    }
}
