package dev.mfp.daemon.files;

import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.Bytes;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.Transfers;
import dev.mfp.protocol.codec.Utf16Packing;
import dev.mfp.protocol.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** SIGKILL in the middle of an upload over an existing file: after a restart the old file is intact, no staging left. */
class UploadCrashTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void killedDaemonLeavesTheOldFileAndNoStagingFile() throws Exception {
        Path work = Files.createTempDirectory("mfp-crash");
        try {
            Path target = work.resolve("daemon/instances/srv/server.jar");
            Files.createDirectories(target.getParent());
            byte[] old = Bytes.random(300_000, 1);
            Files.write(target, old);

            Daemon1 first = Daemon1.start(work);
            MfpClient c1 = MfpClient.connect(first.uri, mainToken(work));
            try {
                MfpClient c = c1;
                UUID id = UUID.fromString(c.call("file_upload_request", params("path", "instances/srv/server.jar",
                        "size", 600_000)).get("file_id").asText());
                byte[] part = Bytes.random(200_000, 2);
                assertThat(c.call("file_upload_chunk", params("file_id", id.toString(), "offset", 0, "data",
                        Utf16Packing.encode(part))).get("received").asLong()).isEqualTo(part.length);
                assertThat(stagingFiles(target.getParent())).isOne();
                // SIGKILL while the client is still connected and the upload is half done
                first.process.destroyForcibly();
                assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                first.process.destroyForcibly();
                c1.abort();
            }
            assertThat(stagingFiles(target.getParent())).isOne(); // a real crash leaves it behind
            assertThat(Files.readAllBytes(target)).isEqualTo(old);

            Daemon1 second = Daemon1.start(work);
            try (MfpClient c = MfpClient.connect(second.uri, mainToken(work))) {
                assertThat(stagingFiles(target.getParent())).isZero();
                assertThat(Files.readAllBytes(target)).isEqualTo(old);
                assertThat(c.call("get_file_info", params("path", "instances/srv/server.jar")).get("meta")
                        .get("size").asLong()).isEqualTo(old.length);
            } finally {
                second.process.destroy();
                second.process.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            TestDaemon.deleteTree(work);
        }
    }

    private static String mainToken(Path work) throws Exception {
        return Json.mapper().readTree(Files.readString(work.resolve("config.json"))).get("main_token").asText();
    }

    private static long stagingFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".upload.tmp")).count();
        }
    }

    /** A daemon in a child JVM. */
    private record Daemon1(Process process, URI uri) {
        static Daemon1 start(Path work) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.mfp.daemon.Main",
                    "--port", "0", "--bind", "127.0.0.1", "--dir", work.toString())
                    .redirectErrorStream(true).start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                        if (line.contains("ready")) {
                            ready.complete(null);
                        }
                    }
                } catch (Exception ignored) {
                    // process ended
                }
                port.completeExceptionally(new IllegalStateException("daemon exited"));
                ready.completeExceptionally(new IllegalStateException("daemon exited"));
            }, "child-daemon-output");
            reader.setDaemon(true);
            reader.start();
            int n = port.get(60, TimeUnit.SECONDS);
            ready.get(60, TimeUnit.SECONDS);
            return new Daemon1(p, URI.create("http://127.0.0.1:" + n));
        }
    }
}
