package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.mcSetting;
import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.ChildDaemon;
import dev.mfp.daemon.support.TestDaemon;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Archive bombs against a daemon running, as in production, with a 256 MiB heap: a tiny zip that inflates far
 * beyond the limit, and a zip whose central directory is larger than the heap.
 */
class ArchiveBombTest {
    private static final long LIMIT = 64L << 20;
    private static Path work;
    private static ChildDaemon daemon;
    private static MfpClient c;
    private static Path uploads;

    @BeforeAll
    static void up() throws Exception {
        work = Files.createTempDirectory("mfp-bombs");
        Files.writeString(work.resolve("config.json"), "{\"instance_archive_max_bytes\":" + LIMIT + "}");
        daemon = ChildDaemon.start(work, "-Xmx256m");
        c = daemon.client().timeout(Duration.ofSeconds(120));
        uploads = work.resolve("daemon/caches/uploads");
        Files.createDirectories(uploads);
    }

    @AfterAll
    static void down() throws Exception {
        daemon.close();
        TestDaemon.deleteTree(work);
        TestDaemon.assertNoChildProcesses();
    }

    @Test
    void smallZipExpandingFarBeyondTheLimitIsRefusedWhileStreaming() throws Exception {
        Path bomb = uploads.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            out.putNextEntry(new ZipEntry("server.jar"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        assertThat(Files.size(bomb)).as("a 200 MiB expansion in about 200 KiB").isLessThan(256 << 10);
        assertThat(code(() -> c.call("add_instance", params("setting", archive("caches/uploads/bomb.zip")))))
                .isEqualTo(60001);
        assertThat(leftoverDirectories()).as("the partial extraction is deleted").isZero();
        assertThat(daemon.alive()).isTrue();
    }

    @Test
    void centralDirectoryLargerThanTheHeapIsNeverLoaded() throws Exception {
        Path zip = uploads.resolve("big-cen.zip");
        writeWithHugeCentralDirectory(zip, 300L << 20);
        JsonNode cfg = c.call("add_instance", params("setting", archive("caches/uploads/big-cen.zip"))).get("config");
        UUID id = UUID.fromString(cfg.get("uuid").asText());
        assertThat(work.resolve("daemon/instances/" + id + "/server.jar")).hasBinaryContent(jar());
        assertThat(daemon.output()).doesNotContain("OutOfMemoryError");
        assertThat(c.call("ping", null).has("time")).isTrue();
    }

    private static ObjectNode archive(String source) {
        ObjectNode s = mcSetting("bomb", source);
        s.put("source_type", "archive");
        return s;
    }

    private static long leftoverDirectories() throws Exception {
        Path instances = work.resolve("daemon/instances");
        try (var list = Files.list(instances)) {
            return list.filter(p -> !Files.exists(p.resolve("daemon_instance.json"))).count();
        }
    }

    private static byte[] jar() {
        return "not really a jar, but the entry the setting names".getBytes();
    }

    /**
     * A valid zip with one entry whose end record declares a central directory of {@code cenSize} bytes: the real
     * directory followed by a (sparse) hole. A reader that loads the central directory must allocate all of it.
     */
    private static void writeWithHugeCentralDirectory(Path file, long cenSize) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("server.jar"));
            out.write(jar());
            out.closeEntry();
        }
        byte[] z = bytes.toByteArray();
        ByteBuffer eocd = ByteBuffer.wrap(z, z.length - 22, 22).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(eocd.getInt(0)).isEqualTo(0x06054b50);
        int cenOffset = eocd.getInt(16);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(0);
            raf.write(z, 0, z.length - 22); // local entry + the real central directory
            raf.seek(cenOffset + cenSize);
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).put(z, z.length - 22, 22);
            end.putInt(12, (int) cenSize);
            raf.write(end.array());
        }
        assertThat(Files.size(file)).isGreaterThan(cenSize);
    }
}
