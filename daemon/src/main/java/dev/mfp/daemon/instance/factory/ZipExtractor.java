package dev.mfp.daemon.instance.factory;

import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.RetCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Extracts a zip (UTF-8 names, overwrite) into a directory safely: no entry may land outside it (zip slip), and
 * the entry count and the bytes actually written are limited (zip bombs). Violations and broken archives → 60001.
 */
public final class ZipExtractor {
    private final long maxBytes;
    private final int maxEntries;

    public ZipExtractor(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** Returns the top-level names created (for install metadata). */
    public Set<String> extract(Path zip, Path dir) throws IOException {
        Set<String> top = new LinkedHashSet<>();
        Path base = dir.toAbsolutePath().normalize();
        long written = 0;
        int count = 0;
        try (ZipFile zf = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            Enumeration<? extends ZipEntry> entries = zf.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (++count > maxEntries) {
                    throw fail("archive has more than " + maxEntries + " entries");
                }
                String name = e.getName().replace('\\', '/');
                if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
                    throw fail("archive entry '" + e.getName() + "' is an absolute path");
                }
                Path out = base.resolve(name).normalize();
                if (!out.startsWith(base) || out.equals(base)) {
                    if (out.equals(base) && e.isDirectory()) {
                        continue;
                    }
                    throw fail("archive entry '" + e.getName() + "' would be extracted outside the instance directory");
                }
                top.add(base.relativize(out).getName(0).toString());
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zf.getInputStream(e); OutputStream os = Files.newOutputStream(out)) {
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        written += n;
                        if (written > maxBytes) {
                            throw fail("archive expands to more than " + maxBytes + " bytes");
                        }
                        os.write(buf, 0, n);
                    }
                }
            }
        } catch (ZipException e) {
            throw fail("broken archive: " + e.getMessage());
        }
        return top;
    }

    private static ActionError fail(String detail) {
        return new ActionError(RetCode.INSTALLATION_ERROR, detail);
    }
}
