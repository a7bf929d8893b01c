package dev.mfp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many clients at once (issue #13 target 7): {@code -Dload.clients} (default 50) v1 connections to a real daemon
 * process (the launcher's JVM options, as {@link ConsoleBenchmark}), each keeping {@code -Dload.inflight} (default 4)
 * requests in flight for {@code -Dload.seconds} (default 10) after {@code -Dload.warmup} seconds (default 2) of the
 * same load, cycling through cheap actions that need no instance ({@code -Dload.mix}, default {@code ping,
 * get_permissions, get_system_info, get_directory_info} of the root and {@code get_file_info} of a file made first).
 * Beside them one garbage sender on its own connection sends malformed frames (not JSON, wrong types, unknown actions,
 * 64 KiB ids ({@code -Dload.garbage.idbytes}), deep nesting …) as fast as its answers come back (at most {@code -Dload.garbage.window}, default 32,
 * unanswered); its answers are not in the figures, and at the end a ping on it shows whether it is still usable.
 *
 * <p>Prints requests/s, p50/p99/max latency (issue to answer, at the client) overall and per action, error answers,
 * the daemon's RSS (VmRSS) before and after the measured window and its CPU time during it, and the driver's own CPU
 * (it shares the machine).
 *
 * <pre>java -cp bench/target/mfp-bench.jar dev.mfp.bench.LoadBenchmark</pre>
 * {@code -Ddaemon.cp=OTHER.jar} runs another build of the daemon, {@code -Ddaemon.opts="..."} adds daemon JVM options;
 * {@code -Dload.jfr=FILE} records a JFR profile ({@code settings=profile}) of the daemon over exactly the measured
 * window, started and stopped with {@code jcmd}, so the daemon is still running when the recording is written.
 */
public final class LoadBenchmark {
    private static final String PROBE = "load-probe.txt";

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("load.clients", 50);
        int inflight = Integer.getInteger("load.inflight", 4);
        int seconds = Integer.getInteger("load.seconds", 10);
        int warmup = Integer.getInteger("load.warmup", 2);
        int window = Integer.getInteger("load.garbage.window", 32);
        List<String> mix = List.of(System.getProperty("load.mix",
                "ping,get_permissions,get_system_info,get_directory_info,get_file_info").split(","));
        Path work = Files.createTempDirectory("mfp-load-bench");
        int port = ConsoleBenchmark.freePort();
        Process daemon = ConsoleBenchmark.startDaemon(work, port);
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            ConsoleBenchmark.printMachine();
            System.out.printf("load average before: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            Files.writeString(work.resolve("daemon").resolve(PROBE), "probe\n");
            long pid = daemon.pid();
            String rssReady = rss(pid);
            List<MfpClient> conns = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                conns.add(MfpClient.connect(base, ConsoleBenchmark.TOKEN));
            }
            for (String action : mix) { // every action of the mix must answer 0 before the load starts
                JsonNode r = conns.get(0).request(action, params(action)).get(30, TimeUnit.SECONDS);
                if (r.path("retcode").asInt(-1) != 0) {
                    throw new IllegalStateException(action + " answered " + r);
                }
            }
            Garbage garbage = new Garbage(base, window);
            garbage.start();
            run(conns, inflight, warmup, mix);
            String jfr = System.getProperty("load.jfr"); // a profile of the daemon over exactly the measured window
            if (jfr != null) {
                jcmd(pid, "JFR.start", "name=load", "settings=profile");
            }
            long rss0 = rssBytes(pid);
            long cpu0 = IdleCpuBenchmark.ticks(pid);
            long self0 = IdleCpuBenchmark.ticks(ProcessHandle.current().pid());
            long garbage0 = garbage.answers.get();
            Result r = run(conns, inflight, seconds, mix);
            double cpu = (IdleCpuBenchmark.ticks(pid) - cpu0) / 100.0;
            double self = (IdleCpuBenchmark.ticks(ProcessHandle.current().pid()) - self0) / 100.0;
            long garbageAnswers = garbage.answers.get() - garbage0;
            long rss1 = rssBytes(pid);
            if (jfr != null) {
                jcmd(pid, "JFR.stop", "name=load", "filename=" + Path.of(jfr).toAbsolutePath());
            }
            garbage.stop();
            String usable = garbage.probe();
            String heap = heapAfterFullGc(pid); // after the window: is the growth garbage awaiting a full GC?
            long rss2 = rssBytes(pid);

            System.out.printf("load: %d clients x %d in flight, %d s (after %d s warm-up), mix %s%n", clients, inflight,
                    seconds, warmup, mix);
            System.out.printf("requests: %d ok, %d errors (%s) in %.2f s = %.0f req/s%n", r.ok, r.errors,
                    r.firstError == null ? "none" : "first: " + r.firstError, r.secs, r.ok / r.secs);
            System.out.printf("latency (issue -> answer at the client): %s%n", r.all.summary());
            for (int a = 0; a < mix.size(); a++) {
                System.out.printf("  %-20s %s%n", mix.get(a), r.perAction[a].summary());
            }
            System.out.printf("garbage: %d frames answered in the window (%.0f/s), %d closes by the daemon (%s), "
                    + "answers missing %d; afterwards: %s%n", garbageAnswers, garbageAnswers / r.secs, garbage.closes.get(),
                    garbage.closeInfo, garbage.missing.get(), usable);
            System.out.printf("daemon RSS (VmRSS): ready %s, before the window %.1f MiB, after %.1f MiB, growth %.1f MiB"
                    + " (peak VmHWM %s)%n", rssReady, rss0 / 1048576.0, rss1 / 1048576.0, (rss1 - rss0) / 1048576.0,
                    status(pid, "VmHWM:"));
            System.out.printf("after a full GC (jcmd GC.run): %s, VmRSS %.1f MiB%n", heap, rss2 / 1048576.0);
            System.out.printf("daemon CPU during the window: %.2f s = %.2f cores, %.1f us per request; driver CPU %.2f s"
                    + "%n", cpu, cpu / r.secs, cpu * 1e6 / Math.max(1, r.ok), self);
            System.out.printf("load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            for (MfpClient c : conns) {
                c.close();
            }
        } finally {
            ConsoleBenchmark.stopDaemon(daemon);
        }
    }

    /** Runs {@code jcmd pid command...} and returns its output. */
    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** The used heap after a full collection, from {@code GC.heap_info} ("... total NK, used NK"), in MiB. */
    private static String heapAfterFullGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K")
                .matcher(jcmd(pid, "GC.heap_info"));
        long total = 0;
        long used = 0;
        while (m.find()) { // young and old generation; the metaspace lines have another form
            total += Long.parseLong(m.group(1));
            used += Long.parseLong(m.group(2));
        }
        return String.format("heap used %.1f MiB of %.1f MiB committed", used / 1024.0, total / 1024.0);
    }

    private static Map<String, Object> params(String action) {
        return switch (action) {
            case "get_directory_info" -> Map.of("path", "");
            case "get_file_info" -> Map.of("path", PROBE);
            default -> Map.of();
        };
    }

    /** Every connection keeps {@code inflight} chains of requests going for {@code seconds}; waits for the answers. */
    private static Result run(List<MfpClient> conns, int inflight, int seconds, List<String> mix)
            throws InterruptedException {
        List<Map<String, Object>> params = mix.stream().map(LoadBenchmark::params).toList();
        List<Chain> chains = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(conns.size() * inflight);
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        int k = 0;
        for (MfpClient c : conns) {
            for (int j = 0; j < inflight; j++) {
                Chain ch = new Chain(c, mix, params, deadline, finished, k++);
                chains.add(ch);
            }
        }
        chains.forEach(Chain::next);
        if (!finished.await(seconds + 60L, TimeUnit.SECONDS)) {
            System.out.printf("warning: %d chains still waiting for an answer%n", finished.getCount());
        }
        Result r = new Result(mix.size());
        long end = t0;
        for (Chain ch : chains) {
            r.ok += ch.ok;
            r.errors += ch.errors;
            if (r.firstError == null) {
                r.firstError = ch.firstError;
            }
            end = Math.max(end, ch.lastAnswer);
            for (int a = 0; a < mix.size(); a++) {
                r.perAction[a].addAll(ch.latencies[a]);
                r.all.addAll(ch.latencies[a]);
            }
        }
        r.secs = (end - t0) / 1e9;
        return r;
    }

    /** One request at a time on one connection, the next sent from the previous one's answer. */
    private static final class Chain {
        private final MfpClient client;
        private final List<String> mix;
        private final List<Map<String, Object>> params;
        private final long deadline;
        private final CountDownLatch finished;
        private final Samples[] latencies;
        private int turn;
        private long ok;
        private long errors;
        private String firstError;
        private long lastAnswer;

        Chain(MfpClient client, List<String> mix, List<Map<String, Object>> params, long deadline,
                CountDownLatch finished, int start) {
            this.client = client;
            this.mix = mix;
            this.params = params;
            this.deadline = deadline;
            this.finished = finished;
            this.turn = start; // chains start at different actions so that each moment has the whole mix
            this.latencies = new Samples[mix.size()];
            Arrays.setAll(latencies, i -> new Samples());
        }

        void next() {
            if (System.nanoTime() >= deadline) {
                finished.countDown();
                return;
            }
            int a = turn++ % mix.size();
            long t0 = System.nanoTime();
            client.request(mix.get(a), params.get(a)).orTimeout(30, TimeUnit.SECONDS).whenComplete((resp, err) -> {
                long t1 = System.nanoTime();
                lastAnswer = t1;
                latencies[a].add(t1 - t0);
                if (err == null && resp.path("retcode").asInt(-1) == 0) {
                    ok++;
                } else {
                    errors++;
                    if (firstError == null) {
                        firstError = mix.get(a) + ": " + (err != null ? err : resp);
                    }
                }
                next();
            });
        }
    }

    /** Malformed frames on their own connection, at most {@code window} unanswered; reconnects if closed. */
    private static final class Garbage {
        private final URI base;
        private final Semaphore window;
        private final int size;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong answers = new AtomicLong();
        private final AtomicLong closes = new AtomicLong();
        private final AtomicLong missing = new AtomicLong();
        private volatile String closeInfo = "-";
        private volatile MfpClient conn;
        private Thread sender;
        private Thread reader;

        Garbage(URI base, int window) {
            this.base = base;
            this.size = window;
            this.window = new Semaphore(window);
            this.conn = connect();
        }

        private MfpClient connect() {
            MfpClient c = MfpClient.connect(base, ConsoleBenchmark.TOKEN);
            c.closeFuture().thenAccept(info -> {
                if (running.get()) {
                    closes.incrementAndGet();
                    closeInfo = info.toString();
                }
            });
            return c;
        }

        void start() {
            sender = new Thread(this::send, "garbage-sender");
            reader = new Thread(this::read, "garbage-reader");
            reader.start();
            sender.start();
        }

        private void send() {
            String bigId = "x".repeat(Integer.getInteger("load.garbage.idbytes", 64 * 1024)); // 0: a short bad id
            String deep = "[".repeat(5000) + "]".repeat(5000);
            String[] frames = {
                "this is not JSON {{{",
                "",
                "[1,2,3]",
                "\"a string\"",
                "{\"action\":\"ping\",\"params\":{},\"id\":12345}",
                "{\"action\":42,\"params\":{},\"id\":\"%s\"}",
                "{\"action\":\"no_such_action\",\"params\":{},\"id\":\"%s\"}",
                "{\"action\":\"get_file_info\",\"params\":{\"path\":17},\"id\":\"%s\"}",
                "{\"action\":\"get_directory_info\",\"params\":null,\"id\":\"%s\"}",
                "{\"action\":\"get_file_info\",\"params\":{\"path\":\"../../../etc/passwd\"},\"id\":\"%s\"}",
                "{\"action\":\"get_instance_report\",\"params\":{\"id\":\"not-a-uuid\"},\"id\":\"%s\"}",
                "{\"action\":\"subscribe_event\",\"params\":{\"type\":\"no_such_event\",\"meta\":null},\"id\":\"%s\"}",
                "{\"action\":\"ping\",\"params\":{},\"id\":\"" + bigId + "\"}",
                "{\"action\":\"ping\",\"params\":" + deep + ",\"id\":\"%s\"}",
                "{\"action\":\"ping\",\"params\":{\"n\":1e999999999},\"id\":\"%s\"}",
                "{\"action\":\"ping\",\"par",
            };
            long n = 0;
            while (running.get()) {
                try {
                    if (!window.tryAcquire(2, TimeUnit.SECONDS)) {
                        missing.addAndGet(size - window.availablePermits()); // answers that never came: start over
                        window.release(size - window.availablePermits());
                        continue;
                    }
                    MfpClient c = conn;
                    if (!c.isOpen()) {
                        conn = connect();
                        window.drainPermits();
                        window.release(size);
                        continue;
                    }
                    String f = frames[(int) (n++ % frames.length)];
                    c.sendText(f.contains("%s") ? f.replace("%s", UUID.randomUUID().toString()) : f);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a send on a connection being closed; the next round reconnects
                }
            }
        }

        private void read() {
            while (running.get()) {
                try {
                    if (conn.nextUnmatched(java.time.Duration.ofMillis(200)) != null) {
                        answers.incrementAndGet();
                        window.release();
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            sender.join(5000);
            reader.join(5000);
        }

        /** A real ping on the garbage connection after the run. */
        String probe() {
            MfpClient c = conn;
            if (!c.isOpen()) {
                return "connection closed (" + closeInfo + ")";
            }
            try {
                long t0 = System.nanoTime();
                JsonNode r = c.request("ping", Map.of()).get(10, TimeUnit.SECONDS);
                return "ping on it retcode " + r.path("retcode").asInt(-1) + " in "
                        + String.format("%.1f ms", (System.nanoTime() - t0) / 1e6);
            } catch (Exception e) {
                return "ping on it failed: " + e;
            } finally {
                c.close();
            }
        }
    }

    private static final class Result {
        final Samples all = new Samples();
        final Samples[] perAction;
        long ok;
        long errors;
        String firstError;
        double secs;

        Result(int actions) {
            perAction = new Samples[actions];
            Arrays.setAll(perAction, i -> new Samples());
        }
    }

    /** Latencies in nanoseconds. */
    private static final class Samples {
        private long[] v = new long[1024];
        private int n;

        void add(long x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, 2 * n);
            }
            v[n++] = x;
        }

        void addAll(Samples s) {
            for (int i = 0; i < s.n; i++) {
                add(s.v[i]);
            }
        }

        String summary() {
            if (n == 0) {
                return "n=0";
            }
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            return String.format("n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", n, s[n / 2] / 1e6,
                    s[(int) Math.ceil(n * 0.99) - 1] / 1e6, s[n - 1] / 1e6);
        }
    }

    private static long rssBytes(long pid) throws IOException {
        String kb = status(pid, "VmRSS:");
        return Long.parseLong(kb.replace("kB", "").trim()) * 1024;
    }

    private static String rss(long pid) throws IOException {
        return String.format("%.1f MiB", rssBytes(pid) / 1048576.0);
    }

    private static String status(long pid, String key) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith(key)) {
                return l.substring(key.length()).trim();
            }
        }
        return "n/a";
    }
}
