package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Extracts a zip (UTF-8 names, overwrite) into a directory safely: no entry may land outside it (zip slip), and
 * the entry count and the bytes actually written are limited (zip bombs). Violations and broken archives → 60001.
 *
 * <p>The archive is read as a stream of local entries ({@link ZipInputStream}); its central directory is never
 * read, so its size costs no memory, and the expansion is counted as it is written, whatever sizes the headers
 * declare.
 *
 * <p>Everything is read and written through the daemon root's {@link RootFs}: the instance directory may belong to
 * the instance user, and an entry is never written through a link found there (the extraction fails instead).
 */
public final class ZipExtractor {
    private final RootFs fs;
    private final long maxBytes;
    private final int maxEntries;

    public ZipExtractor(RootFs fs, long maxBytes, int maxEntries) {
        this.fs = fs;
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** Returns the top-level names created (for install metadata). */
    public Set<String> extract(Path zip, Path dir) throws IOException {
        Set<String> top = new LinkedHashSet<>();
        Path base = dir.toAbsolutePath().normalize();
        long written = 0;
        int count = 0;
        byte[] buf = new byte[64 * 1024];
        try (ZipInputStream zin = new ZipInputStream(new BufferedInputStream(fs.openRead(zip), 64 * 1024),
                StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
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
                    fs.mkdirs(out);
                    continue;
                }
                if (e.getSize() > maxBytes - written) {
                    throw tooLarge();
                }
                try (OutputStream os = fs.openWrite(out)) {
                    for (int n; (n = zin.read(buf)) >= 0; ) {
                        written += n;
                        if (written > maxBytes) {
                            throw tooLarge();
                        }
                        os.write(buf, 0, n);
                    }
                }
            }
        } catch (ZipException | EOFException e) {
            throw fail("broken archive: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw fail("broken archive: an entry name is not valid UTF-8");
        }
        if (count == 0) {
            throw fail("not a zip archive (no entry found at its start)");
        }
        return top;
    }

    private DaemonError tooLarge() {
        return fail("archive expands to more than " + maxBytes + " bytes");
    }

    private static DaemonError fail(String detail) {
        return new DaemonError(Failure.INSTALLATION_ERROR, detail);
    }
}
