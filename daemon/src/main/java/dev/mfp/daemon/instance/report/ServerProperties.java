package dev.mfp.daemon.instance.report;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The parsed {@code server.properties} of one instance (files-and-instances.md §5.6): Java properties syntax,
 * read as UTF-8 when the bytes are valid UTF-8 and as ISO-8859-1 otherwise. Serves the last parsed copy unless
 * asked to re-read.
 */
public final class ServerProperties {
    public static final String FILE = "server.properties";
    public static final int DEFAULT_PORT = 25565;

    private final Path file;
    private volatile Map<String, String> last = Map.of();

    public ServerProperties(Path instanceDir) {
        this.file = instanceDir.resolve(FILE);
    }

    public Map<String, String> get(boolean reread) {
        if (reread || last.isEmpty()) {
            last = parse(file);
        }
        return last;
    }

    /** {@code server-port}, or 25565 when absent or not a port number. */
    public int port() {
        String p = get(false).get("server-port");
        try {
            int v = p == null ? DEFAULT_PORT : Integer.parseInt(p.trim());
            return v > 0 && v < 65536 ? v : DEFAULT_PORT;
        } catch (NumberFormatException e) {
            return DEFAULT_PORT;
        }
    }

    public static Map<String, String> parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            return Map.of();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k));
        }
        return Collections.unmodifiableMap(out);
    }
}
