package dev.mfp.daemon.support;

import dev.mfp.client.MfpClient;
import dev.mfp.daemon.Main;
import dev.mfp.protocol.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon as a real child JVM (own heap limit, can be killed with SIGKILL) on a loopback ephemeral port, in a
 * working directory the caller owns.
 */
public final class ChildDaemon implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final int port;
    private final String token;
    private final StringBuffer output = new StringBuffer();
    private final List<MfpClient> clients = new ArrayList<>();

    private ChildDaemon(Path workDir, List<String> jvmArgs, List<String> daemonArgs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--port", "0",
                "--bind", "127.0.0.1", "--dir", workDir.toString()));
        cmd.addAll(daemonArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    output.append(l).append('\n');
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "child-daemon-output");
        reader.setDaemon(true);
        reader.start();
        int p = -1;
        while (true) {
            String line = lines.poll(90, TimeUnit.SECONDS);
            if (line == null) {
                process.destroyForcibly();
                throw new IllegalStateException("the daemon did not get ready; output:\n" + output);
            }
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                p = Integer.parseInt(m.group(1));
            }
            if (line.endsWith("ready")) {
                break;
            }
        }
        this.port = p;
        this.token = Json.mapper().readTree(Files.readString(workDir.resolve("config.json"))).get("main_token").asText();
    }

    public static ChildDaemon start(Path workDir, String... jvmArgs) throws Exception {
        return new ChildDaemon(workDir, List.of(jvmArgs), List.of());
    }

    /** With command-line arguments of the daemon (e.g. {@code --detach}). */
    public static ChildDaemon withArgs(Path workDir, String... daemonArgs) throws Exception {
        return new ChildDaemon(workDir, List.of(), List.of(daemonArgs));
    }

    public synchronized MfpClient client() {
        MfpClient c = MfpClient.connect(URI.create("http://127.0.0.1:" + port), token);
        clients.add(c);
        return c;
    }

    /** A v2 connection with the main token (closed with the daemon). */
    public dev.mfp.client.v2.MfpV2Client v2() {
        return dev.mfp.client.v2.MfpV2Client.connect(URI.create("http://127.0.0.1:" + port), token);
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the daemon printed so far. */
    public String output() {
        return output.toString();
    }

    /** SIGKILL: no shutdown hook runs, the daemon's children are left behind. */
    public void killHard() throws InterruptedException {
        abortClients();
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    private synchronized void abortClients() {
        for (MfpClient c : clients) {
            try {
                c.abort();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
        clients.clear();
    }

    /** SIGTERM and wait (the daemon stops its servers). */
    @Override
    public void close() throws InterruptedException {
        abortClients();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
