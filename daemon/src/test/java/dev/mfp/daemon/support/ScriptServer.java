package dev.mfp.daemon.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A shell script as a "server": {@code server.sh} in a zip under {@code caches/uploads/}, an archive source. */
public final class ScriptServer {
    private ScriptServer() {
    }

    /** Writes {@code caches/uploads/<zipName>} below the daemon root (once) and returns its client path. */
    public static String upload(Path daemonRoot, String zipName, String script) throws IOException {
        String clientPath = "caches/uploads/" + zipName;
        Path zip = daemonRoot.resolve(clientPath);
        Files.createDirectories(zip.getParent());
        if (!Files.exists(zip)) {
            try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
                z.putNextEntry(new ZipEntry("server.sh"));
                z.write(script.getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return clientPath;
    }
}
