package dev.mfp.daemon.instance.process;

import dev.mfp.daemon.util.Bursts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.function.Consumer;

/**
 * Reads one output stream of a child process on a dedicated thread and hands each line (terminator removed) to a
 * consumer. It never waits for anyone but the child: the consumer must not block. A line longer than
 * {@link #MAX_LINE_CHARS} is delivered in pieces, so memory stays bounded whatever the child prints.
 */
public final class ConsoleLineReader {
    public static final int MAX_LINE_CHARS = 16 * 1024;

    private ConsoleLineReader() {
    }

    public static Thread start(String name, InputStream in, Charset charset, Consumer<String> lines) {
        Thread t = new Thread(() -> pump(in, charset, lines), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void pump(InputStream in, Charset charset, Consumer<String> lines) {
        char[] buf = new char[8192];
        StringBuilder line = new StringBuilder(256);
        try (Reader r = new InputStreamReader(in, charset)) {
            int n;
            while ((n = r.read(buf)) >= 0) {
                int read = n;
                // the lines of one read go out to each subscriber together (see Bursts)
                Bursts.run(() -> split(buf, read, line, lines));
            }
        } catch (IOException e) {
            // stream closed: the process is gone
        }
        if (line.length() > 0) {
            emit(line, lines);
        }
    }

    private static void split(char[] buf, int n, StringBuilder line, Consumer<String> lines) {
        for (int i = 0; i < n; i++) {
            char c = buf[i];
            if (c == '\n') {
                emit(line, lines);
            } else {
                line.append(c);
                if (line.length() >= MAX_LINE_CHARS) {
                    emit(line, lines);
                }
            }
        }
    }

    private static void emit(StringBuilder line, Consumer<String> lines) {
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\r') {
            line.setLength(len - 1);
        }
        String s = line.toString();
        line.setLength(0);
        try {
            lines.accept(s);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ConsoleLineReader.class).warn("console line consumer failed", e);
        }
    }
}
