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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the daemon costs when nothing happens (issue #13 target 10, issue #9 "the sampler's cost"): CPU time of the
 * daemon process (utime + stime from {@code /proc/<pid>/stat}) over a quiet window, with the launcher's JVM options,
 * in four runs of the same length in one go:
 * <ol>
 *   <li>baseline: an idle JVM with the same options (a main that sleeps) — the JVM's own housekeeping;</li>
 *   <li>the ready daemon, no instances, default 15 s monitoring sampler;</li>
 *   <li>the same with the sampler every 200 ms: (3 − 2) / (extra samples) is the CPU of one sample, × 240 its cost
 *       per idle hour at 15 s;</li>
 *   <li>the daemon with 5 running testkit servers (their own CPU is not counted).</li>
 * </ol>
 * <pre>java -cp bench/target/mfp-bench.jar dev.mfp.bench.IdleCpuBenchmark [window seconds, default 60] [threads]</pre>
 * With {@code threads} only the last run is made, and the daemon's CPU is broken down by thread (from
 * {@code /proc/<pid>/task}), to show which periodic work costs what. {@code -Ddaemon.opts="..."} adds JVM options to
 * the daemon's (e.g. a flight recording).
 */
public final class IdleCpuBenchmark {
    private static final String TOKEN = "BenchBenchBenchBenchBenchBench12";
    private static final long TICKS_PER_SECOND = 100; // CLK_TCK on Linux x86-64 and arm64
    private static final int FAST_SAMPLER_MS = 200;
    private static boolean perThread;

    private IdleCpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf("JDK %s, %d cores, window %d s after a 15 s settle%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), window);
        if (args.length > 1 && args[1].equals("threads")) {
            perThread = true;
            double five = daemonRun(java, window, null, 5);
            System.out.printf("daemon, 5 running servers:          %.3f s CPU = %.3f %% of a core%n", five,
                    100 * five / window);
            return;
        }

        List<String> idle = new ArrayList<>(List.of(java));
        idle.addAll(StartupBenchmark.JVM_OPTIONS);
        idle.addAll(List.of("-cp", System.getProperty("java.class.path"), Sleeper.class.getName()));
        Process sleeper = new ProcessBuilder(idle).inheritIO().start();
        double base;
        try {
            Thread.sleep(15_000);
            base = cpuSeconds(sleeper.pid(), window);
        } finally {
            sleeper.destroyForcibly();
        }
        double plain = daemonRun(java, window, null, 0);
        double fast = daemonRun(java, window, FAST_SAMPLER_MS, 0);
        double five = daemonRun(java, window, null, 5);

        double extraSamples = window * (1000.0 / FAST_SAMPLER_MS) - window / 15.0;
        double perSampleMs = (fast - plain) * 1000 / extraSamples;
        System.out.printf("idle JVM, same options (baseline): %.3f s CPU in %d s = %.3f %% of a core%n", base, window,
                100 * base / window);
        System.out.printf("daemon, no instances, 15 s sampler: %.3f s CPU = %.3f %% of a core (%.3f %% above the "
                + "baseline)%n", plain, 100 * plain / window, 100 * (plain - base) / window);
        System.out.printf("daemon, sampler every %d ms:        %.3f s CPU -> one sample costs %.2f ms CPU, %.2f s CPU "
                + "per idle hour at 15 s%n", FAST_SAMPLER_MS, fast, perSampleMs, perSampleMs * 240 / 1000);
        System.out.printf("daemon, 5 running servers:          %.3f s CPU = %.3f %% of a core%n", five,
                100 * five / window);
    }

    /** Starts the daemon, optionally {@code servers} fake servers, settles, and measures its CPU over the window. */
    private static double daemonRun(String java, int window, Integer samplerMs, int servers) throws Exception {
        Path work = Files.createTempDirectory("mfp-idle-cpu");
        int port = freePort();
        Files.writeString(work.resolve("config.json"), "{\"main_token\":\"" + TOKEN + "\",\"secret\":\"" + TOKEN
                + "\",\"instance_stop_timeout_ms\":5000}");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(StartupBenchmark.JVM_OPTIONS);
        String extra = System.getProperty("daemon.opts", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        if (samplerMs != null) {
            cmd.add("-Dmfp.test.monitoring-interval-ms=" + samplerMs);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.mfp.daemon.Main", "--dir",
                work.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1"));
        Process daemon = new ProcessBuilder(cmd).redirectOutput(work.resolve("daemon.out").toFile())
                .redirectErrorStream(true).start();
        try {
            awaitPort(port);
            try (MfpClient c = MfpClient.connect(URI.create("http://127.0.0.1:" + port), TOKEN)) {
                List<UUID> ids = new ArrayList<>();
                for (int i = 0; i < servers; i++) {
                    ids.add(startServer(c, work, java, i));
                }
                c.close();
                Thread.sleep(15_000);
                Map<String, Long> before = perThread ? threadTicks(daemon.pid()) : Map.of();
                double s = cpuSeconds(daemon.pid(), window);
                if (perThread) {
                    printThreads(before, threadTicks(daemon.pid()));
                }
                return s;
            }
        } finally {
            daemon.destroy();
            daemon.waitFor(60, TimeUnit.SECONDS);
            daemon.destroyForcibly();
        }
    }

    private static UUID startServer(MfpClient c, Path work, String java, int n) throws Exception {
        Path uploads = work.resolve("daemon/caches/uploads");
        Files.createDirectories(uploads);
        Path jar = uploads.resolve("fake-server.jar");
        if (!Files.exists(jar)) {
            TestkitJars.serverJar(jar);
        }
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("name", "idle-" + n).put("instance_type", "mc_vanilla").put("target", "server.jar")
                .put("target_type", "jar").put("mc_version", "1.21.4").put("java_path", java)
                .put("source", "caches/uploads/fake-server.jar").put("source_type", "core");
        s.set("arguments", Json.mapper().valueToTree(List.of("-Xmx48m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1")));
        JsonNode cfg = c.call("add_instance", Map.of("setting", s)).get("config");
        UUID id = UUID.fromString(cfg.get("uuid").asText());
        Files.writeString(work.resolve("daemon/instances/" + id + "/server.properties"),
                "server-port=" + freePort() + "\n");
        c.call("start_instance", Map.of("id", id.toString()));
        long deadline = System.currentTimeMillis() + 60_000;
        while (!c.call("get_instance_report", Map.of("id", id.toString())).get("report").get("status").asText()
                .equals("running")) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("fake server did not start");
            }
            Thread.sleep(50);
        }
        return id;
    }

    private static double cpuSeconds(long pid, int window) throws Exception {
        long t0 = ticks(pid);
        Thread.sleep(window * 1000L);
        return (ticks(pid) - t0) / (double) TICKS_PER_SECOND;
    }

    /** utime + stime of the process (fields 14 and 15 of /proc/pid/stat, after the command name). */
    static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** utime + stime of each thread, keyed by "tid name". */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> m = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    m.put(t.getFileName() + " " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return m;
    }

    private static void printThreads(Map<String, Long> before, Map<String, Long> after) {
        System.out.println("CPU by thread over the window (ticks of 10 ms; threads that used none are left out):");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf("  %6d  %s%n", e.getValue(), e.getKey()));
    }

    private static int freePort() throws IOException {
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

    /** The baseline program: a JVM that only sleeps. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
