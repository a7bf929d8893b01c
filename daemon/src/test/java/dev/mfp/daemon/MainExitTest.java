package dev.mfp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's process ends with a status on a bad command line or a refused start, never hangs. */
class MainExitTest {
    @TempDir
    Path work;

    private static Process main(Path work, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("out.log").toFile()).start();
    }

    private String output() throws IOException {
        return Files.readString(work.resolve("out.log"), StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownOptionExitsWithTwoAndTheUsage() throws Exception {
        Process p = main(work, "--prot", "1");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output()).contains("Unknown option: '--prot'").contains("Usage: mfp-daemon");
    }

    @Test
    void aRefusedStartExitsWithOne() throws Exception {
        Files.writeString(work.resolve("config.json"), "{\"metrics\":\"sometimes\"}");
        Process p = main(work, "--dir", work.toString(), "--port", "0", "--bind", "127.0.0.1");
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits; output so far: %s", output()).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(output()).contains("metrics");
    }

    /** The port is found taken after the features (and their threads) have started. */
    @Test
    void aPortTakenExitsWithOne() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Process p = main(work, "--dir", work.toString(), "--port", Integer.toString(taken.getLocalPort()),
                    "--bind", "127.0.0.1");
            try {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits; output so far: %s", output()).isTrue();
            } finally {
                p.destroyForcibly();
            }
            assertThat(p.exitValue()).as("output: %s", output()).isEqualTo(1);
        }
    }
}
