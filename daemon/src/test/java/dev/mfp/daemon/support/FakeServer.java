package dev.mfp.daemon.support;

import dev.mfp.testkit.TestkitJars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The fake Minecraft server of the testkit: its jar, the JVM that runs it, its port and server.properties. */
public final class FakeServer {
    private static Path serverJar;

    private FakeServer() {
    }

    /** The fake server as a runnable jar (built once per test JVM from the testkit classes). */
    public static synchronized Path serverJar() {
        if (serverJar == null) {
            try {
                Path dir = Files.createTempDirectory("mfp-testkit");
                dir.toFile().deleteOnExit();
                serverJar = TestkitJars.serverJar(dir.resolve("fake-server.jar"));
                serverJar.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return serverJar;
    }

    /** The Java executable running the tests. */
    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** JVM arguments that keep a fake server small, then {@code extra}. */
    public static List<String> smallJvm(String... extra) {
        List<String> args = new ArrayList<>(List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xss512k"));
        args.addAll(List.of(extra));
        return args;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the fake server jar into {@code caches/uploads/} and returns its client path. */
    public static String uploadServerJar(TestDaemon d) throws IOException {
        Path up = d.root().resolve("caches/uploads/fake-server.jar");
        Files.createDirectories(up.getParent());
        if (!Files.exists(up)) {
            Files.copy(serverJar(), up);
        }
        return "caches/uploads/fake-server.jar";
    }

    public static void writeProperties(TestDaemon d, UUID id, int port) throws IOException {
        Files.writeString(d.root().resolve("instances/" + id + "/server.properties"),
                "#Minecraft server properties\nserver-port=" + port + "\nmotd=MFP test\nmax-players=7\n",
                StandardCharsets.UTF_8);
    }
}
