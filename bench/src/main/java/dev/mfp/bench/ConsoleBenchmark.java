package dev.mfp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.protocol.json.Json;
import dev.mfp.testkit.TestkitJars;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end console benchmark against a real daemon process running the testkit's fake Minecraft server.
 *
 * <ol>
 *   <li>Latency: {@code send_to_instance "say <marker>"} → the matching {@code instance_log} event at the client
 *   (median, p99 over {@code -Dlatency.samples}, default 2000, after 200 warm-up rounds).</li>
 *   <li>Flood: the server prints {@code -Dflood.lines} (default 200 000) lines as fast as it can to
 *   {@code -Dflood.subscribers} (default 10) subscribed connections: lines/s delivered, lines dropped, peak
 *   resident memory (VmHWM) of the daemon process.</li>
 * </ol>
 *
 * Run: {@code java -cp bench/target/mfp-bench.jar dev.mfp.bench.ConsoleBenchmark}; {@code -Ddaemon.opts="..."} adds
 * JVM options to the daemon's (a JFR recording, say).
 */
public final class ConsoleBenchmark {
    static final String TOKEN = "BenchBenchBenchBenchBenchBench12";

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int samples = Integer.getInteger("latency.samples", 2000);
        int lines = Integer.getInteger("flood.lines", 200_000);
        int subscribers = Integer.getInteger("flood.subscribers", 10);
        Path work = Files.createTempDirectory("mfp-console-bench");
        int port = freePort();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process daemon = startDaemon(work, port);
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            printMachine();
            try (MfpClient c = MfpClient.connect(base, TOKEN)) {
                UUID id = install(c, work, java);
                latency(c, id, samples);
                flood(base, c, id, lines, subscribers, daemon.pid());
                c.call("stop_instance", Map.of("id", id.toString()));
            }
        } finally {
            stopDaemon(daemon);
        }
    }

    /**
     * Writes the bench config into {@code work}, starts the daemon on {@code port} with the launcher's JVM options
     * and waits until it listens. {@code -Ddaemon.cp=OTHER.jar} runs another build of the daemon (e.g. the previous
     * commit's) under the same driver; {@code -Ddaemon.opts="..."} adds JVM options (a JFR recording, say).
     */
    static Process startDaemon(Path work, int port) throws IOException, InterruptedException {
        Files.writeString(work.resolve("config.json"), "{\"main_token\":\"" + TOKEN + "\",\"secret\":\"" + TOKEN
                + "\",\"instance_stop_timeout_ms\":5000}");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("daemon.cp", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(StartupBenchmark.JVM_OPTIONS); // the launcher's options
        String extra = System.getProperty("daemon.opts", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-cp", cp, "dev.mfp.daemon.Main", "--dir", work.toString(), "--port",
                Integer.toString(port), "--bind", "127.0.0.1"));
        Process daemon = new ProcessBuilder(cmd)
                .redirectOutput(work.resolve("daemon.out").toFile()).redirectErrorStream(true).start();
        try {
            awaitPort(port);
        } catch (RuntimeException | InterruptedException e) {
            stopDaemon(daemon);
            throw e;
        }
        return daemon;
    }

    /** SIGTERM, up to 30 s for a clean shutdown (a flight recording is written then), then SIGKILL. */
    static void stopDaemon(Process daemon) throws InterruptedException {
        daemon.destroy();
        daemon.waitFor(30, TimeUnit.SECONDS);
        daemon.destroyForcibly();
    }

    static void printMachine() {
        System.out.printf("machine: %s, %d logical CPUs, %s %s, Java %s%n", System.getProperty("os.name"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
                System.getProperty("os.version"), System.getProperty("java.version"));
    }

    private static UUID install(MfpClient c, Path work, String java) throws IOException, InterruptedException {
        Path uploads = work.resolve("daemon/caches/uploads");
        Files.createDirectories(uploads);
        TestkitJars.serverJar(uploads.resolve("fake-server.jar"));
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("name", "bench").put("instance_type", "mc_vanilla").put("target", "server.jar").put("target_type", "jar")
                .put("mc_version", "1.21.4").put("java_path", java).put("source", "caches/uploads/fake-server.jar")
                .put("source_type", "core");
        s.set("arguments", Json.mapper().valueToTree(List.of("-Xmx256m", "-XX:+UseSerialGC")));
        JsonNode cfg = c.call("add_instance", Map.of("setting", s)).get("config");
        UUID id = UUID.fromString(cfg.get("uuid").asText());
        Files.writeString(work.resolve("daemon/instances/" + id + "/server.properties"), "server-port=" + freePort() + "\n");
        c.call("start_instance", Map.of("id", id.toString()));
        long deadline = System.currentTimeMillis() + 60_000;
        while (!c.call("get_instance_report", Map.of("id", id.toString())).get("report").get("status").asText()
                .equals("running")) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("fake server did not start");
            }
            Thread.sleep(50);
        }
        c.call("subscribe_event", Map.of("type", "instance_log", "meta", Map.of("instance_id", id.toString())));
        return id;
    }

    private static void latency(MfpClient c, UUID id, int samples) throws Exception {
        Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
        c.onEvent(e -> {
            String log = e.data().path("log").asText();
            int i = log.indexOf("[Server] lat-");
            if (i >= 0) {
                CompletableFuture<Long> f = waiting.remove(log.substring(i + 9));
                if (f != null) {
                    f.complete(System.nanoTime());
                }
            }
        });
        int warmup = 200;
        long[] micros = new long[samples];
        for (int i = 0; i < warmup + samples; i++) {
            String marker = "lat-" + i;
            CompletableFuture<Long> f = new CompletableFuture<>();
            waiting.put(marker, f);
            long t0 = System.nanoTime();
            c.request("send_to_instance", Map.of("id", id.toString(), "message", "say " + marker));
            long t1 = f.get(30, TimeUnit.SECONDS);
            if (i >= warmup) {
                micros[i - warmup] = (t1 - t0) / 1000;
            }
        }
        Arrays.sort(micros);
        System.out.printf("latency command->line at client: n=%d median=%.3f ms p99=%.3f ms max=%.3f ms%n", samples,
                micros[samples / 2] / 1000.0, micros[(int) Math.ceil(samples * 0.99) - 1] / 1000.0,
                micros[samples - 1] / 1000.0);
    }

    private static void flood(URI base, MfpClient control, UUID id, int lines, int subscribers, long daemonPid)
            throws Exception {
        List<AutoCloseable> clients = new ArrayList<>();
        List<AtomicLong> counts = new ArrayList<>();
        List<AtomicLong> outOfOrder = new ArrayList<>();
        List<CompletableFuture<Long>> done = new ArrayList<>();
        boolean deflate = Boolean.getBoolean("flood.deflate"); // issue 13 target 5: as browsers connect
        org.eclipse.jetty.websocket.core.client.WebSocketCoreClient jetty = null;
        if (deflate) {
            jetty = new org.eclipse.jetty.websocket.core.client.WebSocketCoreClient();
            jetty.start();
        }
        for (int k = 0; k < subscribers; k++) {
            FloodCounter counter = new FloodCounter();
            if (deflate) {
                clients.add(DeflateSubscriber.connect(jetty, base, id, counter));
            } else {
                MfpClient sub = MfpClient.connect(base, TOKEN);
                sub.onEvent(e -> counter.onLog(e.data().path("log").asText()));
                sub.call("subscribe_event", Map.of("type", "instance_log", "meta", Map.of("instance_id",
                        id.toString())));
                clients.add(sub);
            }
            counts.add(counter.n);
            outOfOrder.add(counter.bad);
            done.add(counter.finished);
        }
        // target 6 of issue 13: a ping round trip on another connection while the flood runs
        MfpClient pinger = MfpClient.connect(base, TOKEN);
        List<Long> rtts = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread pings = new Thread(() -> {
            while (flooding.get()) {
                long p0 = System.nanoTime();
                try {
                    pinger.call("ping", Map.of());
                } catch (Exception e) {
                    return;
                }
                rtts.add(System.nanoTime() - p0);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "pinger");
        long cpu0 = IdleCpuBenchmark.ticks(daemonPid);
        long t0 = System.nanoTime();
        pings.start();
        control.call("send_to_instance", Map.of("id", id.toString(), "message", "testkit flood " + lines));
        long end = t0;
        for (CompletableFuture<Long> f : done) {
            try {
                end = Math.max(end, f.get(300, TimeUnit.SECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                end = System.nanoTime();
            }
        }
        double cpuSeconds = (IdleCpuBenchmark.ticks(daemonPid) - cpu0) / 100.0;
        flooding.set(false);
        pings.join(10_000);
        pinger.close();
        Thread.sleep(500);
        double secs = (end - t0) / 1e9;
        long delivered = counts.stream().mapToLong(AtomicLong::get).sum();
        long dropped = (long) lines * subscribers - delivered;
        long disorder = outOfOrder.stream().mapToLong(AtomicLong::get).sum();
        System.out.printf("flood%s: %d lines x %d subscribers in %.2f s: delivered %d (%.0f lines/s total, %.0f per "
                + "subscriber), dropped %d, out of order %d%n", deflate ? " (permessage-deflate)" : "", lines, subscribers, secs, delivered, delivered / secs,
                delivered / secs / subscribers, dropped, disorder);
        System.out.printf("daemon CPU during the flood: %.2f s = %.2f us per line (%.2f us per delivered event)%n",
                cpuSeconds, cpuSeconds * 1e6 / lines, cpuSeconds * 1e6 / Math.max(1, delivered));
        System.out.printf("daemon peak RSS (VmHWM): %s%n", peakRss(daemonPid));
        long[] r;
        synchronized (rtts) {
            r = rtts.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        if (r.length > 0) {
            System.out.printf("ping on another connection during the flood: n=%d median=%.3f ms p99=%.3f ms max=%.3f ms%n",
                    r.length, r[r.length / 2] / 1e6, r[(int) Math.ceil(r.length * 0.99) - 1] / 1e6, r[r.length - 1] / 1e6);
        }
        for (AutoCloseable cl : clients) {
            cl.close();
        }
        if (jetty != null) {
            jetty.stop();
        }
    }

    /** One subscriber's count of the flood's lines: how many, how many out of order, when "flood done" came. */
    static final class FloodCounter {
        final AtomicLong n = new AtomicLong();
        final AtomicLong bad = new AtomicLong();
        final AtomicLong last = new AtomicLong();
        final CompletableFuture<Long> finished = new CompletableFuture<>();

        /** A console line, or any text holding one (an event frame as received). */
        void onLog(String text) {
            int i = text.indexOf("]: flood ");
            if (i < 0) {
                return;
            }
            if (text.startsWith("flood done", i + 3)) {
                finished.complete(System.nanoTime());
                return;
            }
            int end = i + 9;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            long v = Long.parseLong(text.substring(i + 9, end));
            if (v <= last.getAndSet(v)) {
                bad.incrementAndGet();
            }
            n.incrementAndGet();
        }
    }

    /**
     * A v1 subscriber on Jetty's WebSocket client that negotiates permessage-deflate, as browsers do (the project's
     * client, on the JDK's, cannot). Frames are counted as they arrive, without a JSON parse.
     */
    static final class DeflateSubscriber implements org.eclipse.jetty.websocket.core.FrameHandler, AutoCloseable {
        private final FloodCounter counter;
        private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        private volatile org.eclipse.jetty.websocket.core.CoreSession session;

        private DeflateSubscriber(FloodCounter counter) {
            this.counter = counter;
        }

        static DeflateSubscriber connect(org.eclipse.jetty.websocket.core.client.WebSocketCoreClient client, URI base,
                UUID id, FloodCounter counter) throws Exception {
            DeflateSubscriber s = new DeflateSubscriber(counter);
            URI ws = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/api/v1?token=" + TOKEN);
            org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest rq =
                    org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest.from(client, ws, s);
            rq.addExtensions("permessage-deflate");
            org.eclipse.jetty.websocket.core.CoreSession session = client.connect(rq).get(10, TimeUnit.SECONDS);
            if (session.getNegotiatedExtensions().stream().noneMatch(e -> e.getName().equals("permessage-deflate"))) {
                throw new IllegalStateException("the daemon did not negotiate permessage-deflate");
            }
            String subscribe = "{\"action\":\"subscribe_event\",\"params\":{\"type\":\"instance_log\",\"meta\":"
                    + "{\"instance_id\":\"" + id + "\"}},\"id\":\"" + UUID.randomUUID() + "\"}";
            session.sendFrame(new org.eclipse.jetty.websocket.core.Frame(org.eclipse.jetty.websocket.core.OpCode.TEXT,
                    subscribe), org.eclipse.jetty.util.Callback.NOOP, false);
            s.subscribed.get(10, TimeUnit.SECONDS);
            return s;
        }

        @Override
        public void onOpen(org.eclipse.jetty.websocket.core.CoreSession coreSession,
                org.eclipse.jetty.util.Callback callback) {
            session = coreSession;
            callback.succeeded();
            coreSession.demand(); // Jetty's core reads a frame only when asked
        }

        @Override
        public void onFrame(org.eclipse.jetty.websocket.core.Frame frame, org.eclipse.jetty.util.Callback callback) {
            byte op = frame.getOpCode();
            if (op == org.eclipse.jetty.websocket.core.OpCode.TEXT
                    || op == org.eclipse.jetty.websocket.core.OpCode.CONTINUATION) {
                // an inflated message may arrive in several frames: assemble it first
                java.nio.ByteBuffer p = frame.getPayload();
                if (p != null) {
                    byte[] b = new byte[p.remaining()];
                    p.get(b);
                    message.writeBytes(b);
                }
                if (frame.isFin()) {
                    String text = message.toString(java.nio.charset.StandardCharsets.UTF_8);
                    message.reset();
                    if (text.contains("\"status\":\"ok\"")) {
                        subscribed.complete(null);
                    } else {
                        counter.onLog(text);
                    }
                }
            }
            callback.succeeded();
            session.demand();
        }

        @Override
        public void onError(Throwable cause, org.eclipse.jetty.util.Callback callback) {
            subscribed.completeExceptionally(cause);
            callback.succeeded();
        }

        @Override
        public void onClosed(org.eclipse.jetty.websocket.core.CloseStatus closeStatus,
                org.eclipse.jetty.util.Callback callback) {
            callback.succeeded();
        }

        @Override
        public void close() {
            org.eclipse.jetty.websocket.core.CoreSession s = session;
            if (s != null) {
                s.close(org.eclipse.jetty.websocket.core.CloseStatus.NORMAL, "bye", org.eclipse.jetty.util.Callback.NOOP);
            }
        }
    }

    private static String peakRss(long pid) {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return l.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "n/a";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("daemon did not listen on " + port);
    }
}
