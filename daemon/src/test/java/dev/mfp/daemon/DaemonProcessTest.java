package dev.mfp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.CloseInfo;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpHttp;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The daemon as a real child process: first start, config file, SIGTERM. */
class DaemonProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    @Test
    void startsWithDefaultsAndStopsCleanlyOnSigterm() throws Exception {
        Path work = Files.createTempDirectory("mfp-proc");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--port", "0", "--bind", "127.0.0.1", "--dir", work.toString())
                .redirectErrorStream(true).start();
        try {
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            // A thread of its own: a blocking read must not occupy the (1-thread on 2 cores) common pool
            // that the JDK HTTP client completes its futures on.
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (Exception ignored) {
                    // process ended
                }
            }, "daemon-output");
            reader.setDaemon(true);
            reader.start();
            int port = -1;
            boolean ready = false;
            StringBuilder seen = new StringBuilder();
            while (!ready) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("daemon output so far:\n" + seen).isNotNull();
                seen.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                ready = line.endsWith("ready");
            }
            assertThat(port).isPositive();

            Path config = work.resolve("config.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
            JsonNode cfg = Json.mapper().readTree(Files.readString(config));
            String token = cfg.get("main_token").asText();
            assertThat(token).matches("[A-Za-z0-9]{32}");
            assertThat(seen.toString()).as("the main token is logged").contains(token);
            for (String dir : DaemonRoot.LAYOUT) {
                assertThat(work.resolve("daemon").resolve(dir)).isDirectory();
            }

            URI base = URI.create("http://127.0.0.1:" + port);
            assertThat(new MfpHttp(base).info().get("api_version").asText()).isEqualTo("v1");
            MfpClient client = MfpClient.connect(base, token);
            assertThat(client.call("ping", null).has("time")).isTrue();

            Path logFile = work.resolve("daemon/logs/daemon.log");
            assertThat(Files.readString(logFile)).as("the log file lies inside the root: no secrets in it")
                    .contains("ready").doesNotContain(token);

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exits within 10 s").isTrue();
            assertThat(p.exitValue()).isZero();
            CloseInfo close = client.closeFuture().get(5, TimeUnit.SECONDS);
            assertThat(close.code()).isEqualTo(1001);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            TestDaemon.deleteTree(work);
        }
    }
}
