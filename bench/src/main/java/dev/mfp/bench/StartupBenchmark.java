package dev.mfp.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end start-up and idle memory of the real daemon jar, launched with the launcher's JVM options:
 * time from process start until {@code GET /info} answers, and resident memory after a quiet period.
 * Printed beside the baseline of the same JVM starting an empty main (the floor no daemon can beat).
 *
 * <pre>java -cp bench/target/mfp-bench.jar dev.mfp.bench.StartupBenchmark [daemon.jar] [runs]</pre>
 *
 * <p>Beside the jar started with the launcher's options, interleaved run by run: {@code -Dstartup.variant="OPTS"}
 * the same with extra JVM options; {@code -Dstartup.launcher=PATH[,PATH]} through a launcher script ({@code PATH
 * --port N --bind 127.0.0.1 --dir W}: the documented {@code ./mfp-daemon} command, which finds the JDK, checks the
 * build and execs the JVM with its own options and archive in W), so the launcher's own time is part of the figure.
 * {@code -Dstartup.other=JAR} another build of the daemon (e.g. the previous commit's) with the launcher's options.
 * {@code -Dstartup.idle=S} is how long each daemon idles before its RSS is read (default 5 s).
 */
public final class StartupBenchmark {
    /** The launcher's options (see ./mfp-daemon), minus the CDS archive which each run passes itself. */
    static final List<String> JVM_OPTIONS = launcherOptions();

    private static List<String> launcherOptions() {
        List<String> o = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-XX:NewSize=8m",
                "-XX:MaxNewSize=8m", "-XX:SurvivorRatio=2", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps", "-Xss512k", "-XX:ReservedCodeCacheSize=48m", "-XX:MaxMetaspaceSize=128m",
                "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError"));
        if (Runtime.version().feature() >= 22) {
            o.add("-XX:TrimNativeHeapInterval=30000");
        }
        return List.copyOf(o);
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "daemon/target/mfp-daemon.jar").toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf("JDK %s, %d cores, daemon %s, %d runs%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), jar, runs);

        List<Double> baseline = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), Hello.class.getName()).inheritIO().start();
            p.waitFor();
            baseline.add((System.nanoTime() - t0) / 1e6);
        }

        long idleSeconds = Long.getLong("startup.idle", 5);
        List<Setup> setups = new ArrayList<>();
        setups.add(new Setup("jar, launcher options", jarCommand(java, jar, List.of())));
        String variant = System.getProperty("startup.variant");
        if (variant != null && !variant.isBlank()) {
            setups.add(new Setup("jar, launcher options + " + variant,
                    jarCommand(java, jar, List.of(variant.trim().split("\\s+")))));
        }
        String other = System.getProperty("startup.other");
        if (other != null && !other.isBlank()) {
            setups.add(new Setup("other jar " + other + ", launcher options",
                    jarCommand(java, Path.of(other).toAbsolutePath(), List.of())));
        }
        String launchers = System.getProperty("startup.launcher", "");
        for (String l : launchers.split(",")) {
            if (!l.isBlank()) {
                setups.add(new Setup("launcher " + l, work -> List.of(Path.of(l).toAbsolutePath().toString())));
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        int port = 20000 + (int) (ProcessHandle.current().pid() % 5000);
        // interleaved: run i of every setup, then run i + 1; run 0 of each creates its class data sharing archive
        for (int i = 0; i <= runs; i++) {
            for (Setup setup : setups) {
                List<String> cmd = new ArrayList<>(setup.command().apply(setup.work()));
                cmd.addAll(List.of("--port", Integer.toString(++port), "--bind", "127.0.0.1", "--dir",
                        setup.work().toString()));
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(setup.work().resolve("out.log").toFile()).start();
                URI info = URI.create("http://127.0.0.1:" + port + "/info");
                double ms = -1;
                while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)) {
                    try {
                        if (http.send(HttpRequest.newBuilder(info).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200) {
                            ms = (System.nanoTime() - t0) / 1e6;
                            break;
                        }
                    } catch (IOException e) {
                        Thread.sleep(5);
                    }
                }
                Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
                long kb = rssKb(p.pid());
                p.destroy();
                p.waitFor(15, TimeUnit.SECONDS);
                if (i == 0) {
                    System.out.printf("%s, first run (creates the CDS archive): ready after %.0f ms, idle RSS %.1f MiB%n",
                            setup.label(), ms, kb / 1024.0);
                    continue;
                }
                setup.ready().add(ms);
                setup.rss().add(kb);
            }
        }
        System.out.printf("JVM floor (empty main):       median %.0f ms%n", median(baseline));
        for (Setup setup : setups) {
            System.out.printf("%s%n", setup.label());
            System.out.printf("  daemon start until /info 200: median %.0f ms (min %.0f, max %.0f), %.1fx the floor%n",
                    median(setup.ready()), Collections.min(setup.ready()), Collections.max(setup.ready()),
                    median(setup.ready()) / median(baseline));
            System.out.printf("  daemon idle RSS after %d s:    median %.1f MiB (max %.1f)%n", idleSeconds,
                    median(setup.rss().stream().map(Long::doubleValue).toList()) / 1024.0,
                    Collections.max(setup.rss()) / 1024.0);
        }
    }

    /** One way of starting the daemon, with its own work directory (and so its own archive) and figures. */
    private record Setup(String label, java.util.function.Function<Path, List<String>> command, Path work,
            List<Double> ready, List<Long> rss) {
        Setup(String label, java.util.function.Function<Path, List<String>> command) throws IOException {
            this(label, command, Files.createTempDirectory("mfp-startup"), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** The jar started as the launcher does: its options, the archive in the work directory, then {@code extra}. */
    private static java.util.function.Function<Path, List<String>> jarCommand(String java, Path jar,
            List<String> extra) {
        return work -> {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(JVM_OPTIONS);
            if (Runtime.version().feature() >= 19) {
                cmd.add("-XX:+AutoCreateSharedArchive");
                cmd.add("-XX:SharedArchiveFile=" + work.resolve("daemon.jsa"));
            }
            cmd.addAll(extra);
            cmd.addAll(List.of("-jar", jar.toString()));
            return cmd;
        };
    }

    static long rssKb(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The baseline program: a JVM that starts and exits. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.print("");
        }
    }
}
