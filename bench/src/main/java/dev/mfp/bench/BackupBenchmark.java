package dev.mfp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.Daemon;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Issue 9 item 9: a cold backup and a confirmed restore of one instance directory (default 1 GiB: 20 000 files of
 * 16–64 KiB and 4 files of 128 MiB) through v2 against an in-process daemon, beside {@code tar -cf} and {@code zip -r}
 * of the same tree and {@code tar -xf} measured in the same run.
 *
 * <p>{@code java -cp bench/target/mfp-bench.jar dev.mfp.bench.BackupBenchmark [totalMiB=1024]}
 */
public final class BackupBenchmark {
    private BackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long totalMiB = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        Path work = Files.createTempDirectory("mfp-bench-backup");
        System.setProperty("mfp.logdir", work.resolve("daemon/logs").toString());
        Daemon daemon = Daemon.start(work, 0, "127.0.0.1");
        try {
            URI uri = URI.create("http://127.0.0.1:" + daemon.port());
            UUID id;
            try (MfpClient v1 = MfpClient.connect(uri, daemon.mainToken())) {
                Path jar = daemon.root().resolve("caches/uploads/server.jar");
                Files.createDirectories(jar.getParent());
                Files.write(jar, new byte[1024]);
                JsonNode cfg = v1.call("add_instance", Map.of("setting", Map.of("name", "bench", "instance_type",
                        "universal", "target", "server.jar", "target_type", "jar", "java_path", "java", "source",
                        "caches/uploads/server.jar", "source_type", "core"))).get("config");
                id = UUID.fromString(cfg.get("uuid").asText());
            }
            Path dir = daemon.root().resolve("instances/" + id);
            long bytes = fill(dir.resolve("world"), totalMiB << 20);
            System.out.printf("instance directory: %d MiB in %d files%n", bytes >> 20, count(dir));

            double tar = time(() -> exec(List.of("tar", "-cf", work.resolve("t.tar").toString(), "-C", dir.toString(),
                    ".")));
            double zip = time(() -> exec(List.of("sh", "-c", "cd '" + dir + "' && zip -q -r '" + work.resolve("z.zip")
                    + "' .")));
            Path untar = Files.createDirectories(work.resolve("untar"));
            double untarTime = time(() -> exec(List.of("tar", "-xf", work.resolve("t.tar").toString(), "-C",
                    untar.toString())));

            try (MfpV2Client c = MfpV2Client.connect(uri, daemon.mainToken())) {
                c.timeout(java.time.Duration.ofMinutes(30));
                String[] archive = new String[1];
                double backup = time(() -> {
                    String op = c.call("mcsl.backup.create", Map.of("instance_id", id.toString(), "maintenance",
                            false, "owner_principal", "bench")).get("operation_id").asText();
                    archive[0] = await(c, op).get("result_reference").asText();
                });
                long archiveBytes = Files.size(daemon.root().resolve("backups/archives/" + archive[0] + ".zip"));
                double restore = time(() -> {
                    JsonNode plan = c.call("mcsl.backup.restore.plan", Map.of("archive_id", archive[0],
                            "instance_id", id.toString(), "creator_principal", "bench"));
                    String planId = plan.get("plan_id").asText();
                    c.call("mcsl.backup.restore.confirm", Map.of("plan_id", planId, "plan_hash",
                            plan.get("plan_hash").asText(), "confirmer_principal", "bench"));
                    String op = c.call("mcsl.backup.restore.execute", Map.of("plan_id", planId,
                            "executor_principal", "bench")).get("operation_id").asText();
                    await(c, op);
                });
                System.out.printf("%-34s %10s %10s%n", "operation", "seconds", "MiB/s");
                row("tar -cf (baseline)", tar, bytes);
                row("zip -r (baseline, deflate)", zip, bytes);
                row("mcsl.backup.create (zip+SHA-256)", backup, bytes);
                row("tar -xf (baseline)", untarTime, bytes);
                row("mcsl.backup.restore (plan→execute)", restore, bytes);
                System.out.printf("archive %d MiB (zip -r: %d MiB, tar: %d MiB)%n", archiveBytes >> 20,
                        Files.size(work.resolve("z.zip")) >> 20, Files.size(work.resolve("t.tar")) >> 20);
            }
        } finally {
            daemon.close();
            deleteTree(work);
        }
    }

    private static JsonNode await(MfpV2Client c, String op) throws InterruptedException {
        while (true) {
            JsonNode o = c.call("mcsl.operation.get", Map.of("operation_id", op));
            String s = o.get("status").asText();
            if (!s.equals("queued") && !s.equals("running")) {
                if (!s.equals("succeeded")) {
                    throw new IllegalStateException(o.toString());
                }
                return o;
            }
            Thread.sleep(100);
        }
    }

    private static void row(String name, double secs, long bytes) {
        System.out.printf("%-34s %10.2f %10.1f%n", name, secs, (bytes >> 20) / secs);
    }

    /** Many small files (a world's region and data files are 16–64 KiB here) and four large ones. */
    private static long fill(Path world, long total) throws IOException {
        Random r = new Random(9);
        long large = Math.min(total / 2, 4L * (128 << 20));
        long written = 0;
        for (int i = 0; i < 4 && written < large; i++) {
            Path f = world.resolve("big-" + i + ".bin");
            Files.createDirectories(f.getParent());
            written += write(f, Math.min(large / 4, large - written), r);
        }
        int n = 0;
        while (written < total) {
            Path f = world.resolve("region/r" + (n / 1000) + "/chunk-" + n + ".mca");
            Files.createDirectories(f.getParent());
            written += write(f, Math.min(16 * 1024 + r.nextInt(48 * 1024), total - written), r);
            n++;
        }
        return written;
    }

    private static long write(Path f, long size, Random r) throws IOException {
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long left = size; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
        return size;
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work w) throws Exception {
        long t0 = System.nanoTime();
        w.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + " exited with " + p.exitValue());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
