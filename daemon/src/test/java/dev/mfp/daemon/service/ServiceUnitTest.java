package dev.mfp.daemon.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 item 2: the systemd unit `./mfp-daemon unit` prints is valid and keeps the service's promises. */
class ServiceUnitTest {
    private static final Path LAUNCHER = Path.of("..", "mfp-daemon").toAbsolutePath().normalize();

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
        return out;
    }

    @Test
    void theUnitIsValidAndHardened(@TempDir Path tmp) throws Exception {
        Path work = tmp.resolve("w");
        String unit = run(List.of(LAUNCHER.toString(), "unit", "--dir", work.toString()));
        assertThat(unit).contains("ExecStart=" + LAUNCHER + " --dir " + work, "WorkingDirectory=" + work,
                "Restart=on-failure", "LimitNOFILE=", "NoNewPrivileges=yes", "ProtectSystem=full", "PrivateTmp=yes",
                "KillMode=process", "WantedBy=multi-user.target");
        boolean analyzer = Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))
                || Files.isExecutable(Path.of("/bin/systemd-analyze"));
        Assumptions.assumeTrue(analyzer, "systemd-analyze is not installed: the unit was not verified by systemd");
        Path file = tmp.resolve("mfp-daemon.service");
        Files.writeString(file, unit);
        run(List.of("systemd-analyze", "verify", file.toString()));
    }
}
