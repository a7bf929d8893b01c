package dev.mfp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mfp.daemon.support.TestDaemon;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * Hardening item 24: the launcher ({@code ./mfp-daemon}) creates its class data sharing archive on the first start
 * without the JVM's {@code [warning][cds] Skipping …} lines, and says once that it was created. The script runs from
 * a scratch copy of the repository layout whose {@code daemon/target/mfp-daemon.jar} is a manifest-only jar over
 * the test class path (so that it does not rebuild anything).
 */
class LauncherTest {
    private static final String WARNING = "[warning][cds]";
    private static final String CREATED = "class data sharing archive created";

    @Test
    void theFirstStartCreatesTheArchiveQuietlyAndSaysSoOnce() throws Exception {
        assumeTrue(Runtime.version().feature() >= 19, "the launcher creates the archive on JDK 19+ only; this is "
                + Runtime.version());
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path here = Files.createTempDirectory("mfp-launcher");
        Path work = here.resolve("home");
        try {
            Files.createDirectories(here.resolve("scripts"));
            Files.createDirectories(here.resolve("daemon/target"));
            Files.copy(repo.resolve("mfp-daemon"), here.resolve("mfp-daemon"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.copy(repo.resolve("scripts/find-jdk.sh"), here.resolve("scripts/find-jdk.sh"),
                    StandardCopyOption.COPY_ATTRIBUTES);
            writeLauncherJar(here.resolve("daemon/target/mfp-daemon.jar"));

            List<String> first = runAndStop(here, work);
            assertThat(work.resolve(".mfp-daemon.jsa")).as("archive").isRegularFile();
            assertThat(first).as("first start").noneMatch(l -> l.contains(WARNING));
            assertThat(first.stream().filter(l -> l.contains(CREATED)).count()).as("first start: " + first)
                    .isEqualTo(1);

            List<String> second = runAndStop(here, work);
            assertThat(second).as("second start").noneMatch(l -> l.contains(WARNING) || l.contains(CREATED));
        } finally {
            TestDaemon.deleteTree(here);
        }
    }

    /** Starts the launcher, waits for "ready", sends SIGTERM and returns every line it printed. */
    private static List<String> runAndStop(Path here, Path work) throws Exception {
        Path out = Files.createTempFile(here, "launcher", ".out");
        ProcessBuilder pb = new ProcessBuilder("bash", here.resolve("mfp-daemon").toString(), "--port", "0", "--bind",
                "127.0.0.1").redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("MFP_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("MFP_HOME", work.toString());
        pb.environment().remove("MFP_JAVA_OPTS");
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.readAllLines(out).stream().noneMatch(l -> l.endsWith("ready"))) {
                assertThat(System.nanoTime() < deadline && p.isAlive())
                        .as("ready; output so far: " + Files.readString(out)).isTrue();
                Thread.sleep(100);
            }
            p.destroy(); // SIGTERM to the launcher
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits").isTrue();
            List<String> all = Files.readAllLines(out);
            assertThat(p.exitValue()).as("exit status; output " + all).isZero();
            return all;
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void writeLauncherJar(Path jar) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.append(Path.of(entry).toUri()).append(' ');
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().trim());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
    }
}
