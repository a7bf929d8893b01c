package dev.mfp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.protocol.v2.BinaryFrame;
import dev.mfp.daemon.Daemon;
import dev.mfp.protocol.codec.DotNetGuid;
import dev.mfp.protocol.codec.Utf16Packing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * End-to-end file transfer through the Java client against an in-process daemon: upload and download of one file
 * (default 256 MiB) in 1 MiB chunks with utf16be JSON, base64 JSON and binary frames (upload only: downloads are
 * always UTF-16BE JSON), and through v2 (binary frames both ways), each printed beside a plain file copy of the
 * same file measured in the same run.
 *
 * <p>{@code java -cp bench/target/mfp-bench.jar dev.mfp.bench.FileTransferBenchmark [sizeMiB] [window]}
 */
public final class FileTransferBenchmark {
    private static final int MIB = 1 << 20;

    private FileTransferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMiB = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        // optional: which operations (comma list of copy,utf16be,base64,binary,download; default all) and rounds
        java.util.Set<String> ops = new java.util.HashSet<>(java.util.List.of(
                (args.length > 2 ? args[2] : "copy,utf16be,base64,binary,download,v2upload,v2download").split(",")));
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        long size = (long) sizeMiB * MIB;
        Path work = Files.createTempDirectory("mfp-bench-files");
        System.setProperty("mfp.logdir", work.resolve("daemon/logs").toString());
        // -Dmfp.bench.external=<dir>: use a daemon already running with --dir <dir> (e.g. ./mfp-daemon, to measure it
        // with the launcher's JVM options in its own process) instead of an in-process one
        String external = System.getProperty("mfp.bench.external");
        Daemon daemon = external == null ? Daemon.start(work, 0, "127.0.0.1") : null;
        Path root;
        URI uri;
        String token;
        if (daemon != null) {
            root = daemon.root().resolve("");
            uri = URI.create("http://127.0.0.1:" + daemon.port());
            token = daemon.mainToken();
        } else {
            JsonNode cfg = dev.mfp.protocol.json.Json.mapper().readTree(Path.of(external, "config.json").toFile());
            root = Path.of(external, "daemon");
            uri = URI.create("http://127.0.0.1:" + Integer.getInteger("mfp.bench.port", cfg.path("port").asInt(11452)));
            token = cfg.path("main_token").asText();
        }
        try {
            Path src = work.resolve("source.bin");
            writeRandom(src, size);
            byte[] all = Files.readAllBytes(src);
            String sha1 = sha1(all);
            MfpClient c = MfpClient.connect(uri, token);
            MfpV2Client v2 = MfpV2Client.connect(uri, token).timeout(java.time.Duration.ofMinutes(5));
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all));

            Map<String, Double> secs = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                String sfx = rounds > 1 ? " #" + (round + 1) : "";
                Path copyTarget = work.resolve("copy.bin");
                Files.deleteIfExists(copyTarget);
                put(secs, "plain file copy" + sfx, time(() -> Files.copy(src, copyTarget)));
                for (String enc : new String[] {"utf16be", "base64", "binary"}) {
                    if (!ops.contains(enc)) {
                        continue;
                    }
                    String path = "bench/up-" + enc + ".bin";
                    put(secs, "upload " + enc + sfx, time(() -> upload(c, all, sha1, path, enc, window)));
                    check(root.resolve(path), sha1);
                }
                if (ops.contains("v2upload")) {
                    put(secs, "v2 upload (binary frames)" + sfx,
                            time(() -> v2Upload(v2, all, sha256, "bench/up-v2.bin", window)));
                    check(root.resolve("bench/up-v2.bin"), sha1);
                }
                if (ops.contains("v2download")) {
                    Path dl = root.resolve("bench/dl2.bin");
                    Files.createDirectories(dl.getParent());
                    Files.copy(src, dl, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    // one read per session at a time (transfer.md §5.2: a second is file.download.read_in_flight)
                    put(secs, "v2 download (binary frames)" + sfx, time(() -> v2Download(v2, "bench/dl2.bin", all,
                            1)));
                }
                if (ops.contains("download")) {
                    Path dl = root.resolve("bench/dl.bin");
                    Files.createDirectories(dl.getParent());
                    Files.copy(src, dl, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    put(secs, "download utf16be (JSON content)" + sfx,
                            time(() -> download(c, "bench/dl.bin", all, window)));
                }
            }

            double copy = secs.entrySet().iterator().next().getValue();
            System.out.printf("File transfer, %d MiB, 1 MiB chunks, window %d, nproc %d, %s %s%n", sizeMiB, window,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            System.out.printf("%-34s %10s %10s %10s %10s %12s%n", "operation", "seconds", "MiB/s", "vs copy",
                    "CPU s", "CPU-MiB/s");
            for (Map.Entry<String, Double> e : secs.entrySet()) {
                if (e.getKey().startsWith("plain file copy")) {
                    copy = e.getValue();
                }
                double mibs = sizeMiB / e.getValue();
                double cpu = CPU.getOrDefault(e.getKey(), Double.NaN);
                System.out.printf("%-34s %10.2f %10.1f %9.1f%% %10.2f %12.1f%n", e.getKey(), e.getValue(), mibs,
                        100.0 * copy / e.getValue(), cpu, sizeMiB / cpu);
            }
            c.close();
            v2.close();
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            deleteTree(work);
        }
    }

    private static void put(Map<String, Double> secs, String name, double seconds) {
        secs.put(name, seconds);
        CPU.put(name, lastCpu);
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Process CPU seconds (both ends: client and daemon run in this JVM) of each timed operation, by name. */
    private static final Map<String, Double> CPU = new LinkedHashMap<>();
    private static double lastCpu;

    private static double time(Work w) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        System.gc();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        w.run();
        double secs = (System.nanoTime() - t0) / 1e9;
        lastCpu = (os.getProcessCpuTime() - c0) / 1e9;
        return secs;
    }

    /** v2 (transfer.md §4): open, UploadChunk frames with at most {@code window} unacknowledged, close. */
    static void v2Upload(MfpV2Client c, byte[] all, String sha256, String path, int window) throws Exception {
        JsonNode open = c.call("mcsl.file.upload.open", Map.of("path", path, "length", all.length, "sha256", sha256));
        UUID id = UUID.fromString(open.get("session_id").asText());
        int sent = 0;
        int acked = 0;
        for (int off = 0; off < all.length; off += MIB) {
            while (sent - acked >= window) {
                acked += v2Ack(c);
            }
            c.sendBinary(BinaryFrame.encode(BinaryFrame.Kind.UPLOAD_CHUNK, id, off, all, off,
                    Math.min(MIB, all.length - off)));
            sent++;
        }
        while (acked < sent) {
            acked += v2Ack(c);
        }
        c.call("mcsl.file.upload.close", Map.of("session_id", id.toString()));
    }

    private static int v2Ack(MfpV2Client c) throws Exception {
        JsonNode ack = c.nextNotification("mcsl.file.upload.ack", java.time.Duration.ofMinutes(5));
        if (ack == null || !ack.path("params").path("status").asText().equals("accepted")) {
            throw new IllegalStateException("upload ack: " + ack);
        }
        return 1;
    }

    /** v2 (transfer.md §5): open, {@code window} reads in flight (1: one session reads one at a time), close. */
    static void v2Download(MfpV2Client c, String path, byte[] expected, int window) throws Exception {
        JsonNode open = c.call("mcsl.file.download.open", Map.of("path", path));
        String id = open.get("session_id").asText();
        long length = open.get("length").asLong();
        byte[] out = new byte[(int) length];
        Deque<CompletableFuture<JsonNode>> inflight = new ArrayDeque<>();
        long next = 0;
        long received = 0;
        while (received < length) {
            while (inflight.size() < window && next < length) {
                inflight.add(c.callAsync("mcsl.file.download.read", Map.of("session_id", id, "offset", next,
                        "maximum_length", MIB)));
                next += MIB;
            }
            JsonNode r = c.await(inflight.poll());
            if (!r.has("result")) {
                throw new IllegalStateException(r.toString());
            }
            ByteBuffer frame = c.nextBinary(java.time.Duration.ofMinutes(5));
            BinaryFrame.Decoded d = BinaryFrame.decode(frame);
            BinaryFrame f = d.frame();
            f.payload().get(out, (int) f.offset(), f.payload().remaining());
            received += r.get("result").get("length").asLong();
        }
        c.call("mcsl.file.download.close", Map.of("session_id", id));
        if (!open.get("sha256").asText().equals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(out))) || !java.util.Arrays.equals(out, expected)) {
            throw new IllegalStateException("v2 download differs");
        }
    }

    static void upload(MfpClient c, byte[] all, String sha1, String path, String enc, int window) throws Exception {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("path", path);
        req.put("size", all.length);
        req.put("sha1", sha1);
        req.put("encoding", enc.equals("binary") ? "utf16be" : enc);
        UUID id = UUID.fromString(c.call("file_upload_request", req).get("file_id").asText());
        if (enc.equals("binary")) {
            Semaphore slots = new Semaphore(window);
            CompletableFuture<JsonNode> done = new CompletableFuture<>();
            c.onUploadAck(ack -> {
                if (!ack.path("file_id").asText().equals(id.toString())) {
                    return;
                }
                if (ack.has("error")) {
                    done.completeExceptionally(new IllegalStateException(ack.toString()));
                } else if (ack.path("done").asBoolean()) {
                    done.complete(ack);
                }
                slots.release();
            });
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            for (int off = 0; off < all.length; off += MIB) {
                int len = Math.min(MIB, all.length - off);
                slots.acquire();
                ByteBuffer f = ByteBuffer.allocate(44 + len);
                f.put(DotNetGuid.toBytes(id));
                f.order(ByteOrder.LITTLE_ENDIAN).putLong(off).order(ByteOrder.BIG_ENDIAN);
                md.update(all, off, len);
                f.put(md.digest());
                f.put(all, off, len);
                c.sendBinary(f.flip());
            }
            done.get(10, TimeUnit.MINUTES);
            return;
        }
        Deque<CompletableFuture<JsonNode>> inflight = new ArrayDeque<>();
        JsonNode last = null;
        boolean done = false; // requests in flight may be handled out of order: any one may be the completing one
        for (int off = 0; off < all.length; off += MIB) {
            int len = Math.min(MIB, all.length - off);
            if (inflight.size() >= window) {
                last = ok(inflight.poll().get(5, TimeUnit.MINUTES));
                done |= last.path("data").path("done").asBoolean();
            }
            inflight.add(c.uploadChunk(id, off, all, off, len, enc));
        }
        while (!inflight.isEmpty()) {
            last = ok(inflight.poll().get(5, TimeUnit.MINUTES));
            done |= last.path("data").path("done").asBoolean();
        }
        if (!done) {
            throw new IllegalStateException("upload did not complete: " + last);
        }
    }

    static void download(MfpClient c, String path, byte[] expected, int window) throws Exception {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("path", path);
        JsonNode o = c.call("file_download_request", req);
        String id = o.get("file_id").asText();
        long size = o.get("size").asLong();
        byte[] out = new byte[(int) size];
        Deque<Object[]> inflight = new ArrayDeque<>();
        for (long from = 0; from < size || !inflight.isEmpty(); ) {
            if (from < size && inflight.size() < window) {
                long to = Math.min(size, from + MIB);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("file_id", id);
                p.put("range", from + ".." + to);
                inflight.add(new Object[] {c.request("file_download_range", p), from, to});
                from = to;
                continue;
            }
            Object[] h = inflight.poll();
            @SuppressWarnings("unchecked")
            JsonNode r = ok(((CompletableFuture<JsonNode>) h[0]).get(5, TimeUnit.MINUTES));
            byte[] b = Utf16Packing.decode(r.get("data").get("content").asText());
            long f = (Long) h[1];
            long t = (Long) h[2];
            System.arraycopy(b, 0, out, (int) f, (int) (t - f));
        }
        Map<String, Object> close = new LinkedHashMap<>();
        close.put("file_id", id);
        c.call("file_download_close", close);
        if (!sha1(out).equals(o.get("sha1").asText()) || !java.util.Arrays.equals(out, expected)) {
            throw new IllegalStateException("download mismatch");
        }
    }

    private static JsonNode ok(JsonNode r) {
        if (r.path("retcode").asInt() != 0) {
            throw new IllegalStateException(r.toString());
        }
        return r;
    }

    private static void writeRandom(Path p, long size) throws IOException {
        Random rnd = new Random(1);
        byte[] buf = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long done = 0; done < size; done += buf.length) {
                rnd.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

    private static void check(Path p, String sha1) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(MIB);
            while (ch.read(b) > 0) {
                b.flip();
                md.update(b);
                b.clear();
            }
        }
        if (!HexFormat.of().formatHex(md.digest()).equals(sha1)) {
            throw new IllegalStateException("uploaded file differs: " + p);
        }
    }

    private static String sha1(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
