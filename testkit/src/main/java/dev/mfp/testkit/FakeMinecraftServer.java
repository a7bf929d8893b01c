package dev.mfp.testkit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a Minecraft Java server, for tests: prints realistic console lines, reads (or writes a
 * default) {@code server.properties}, answers the Server List Ping on {@code server-port}, and obeys the
 * console commands {@code stop}, {@code list}, {@code say}, {@code help} plus test commands:
 *
 * <ul>
 *   <li>{@code testkit crash} — prints a crash report with "Minecraft has crashed!" and exits with 1;</li>
 *   <li>{@code testkit exit <code>} — exits with that code without any message;</li>
 *   <li>{@code testkit hang-on-stop} — from now on {@code stop} prints "Stopping the server" but never exits;</li>
 *   <li>{@code testkit flood <n>} — prints n lines as fast as possible, then "flood done";</li>
 *   <li>{@code testkit stderr <text>} — prints the text on stderr;</li>
 *   <li>{@code testkit spawn-child} — starts a grandchild process ({@code sleep 600}) and prints its pid;</li>
 *   <li>{@code testkit players <a,b,...>} — sets the online players reported by list and the ping;</li>
 *   <li>{@code testkit tick <n> <ms>} — prints "tick 1" … "tick n", one every ms milliseconds (in the background),
 *       then "tick done".</li>
 * </ul>
 *
 * System properties: {@code testkit.charset} (console charset, default UTF-8), {@code testkit.startupMillis}
 * (delay before "Done", default 100), {@code testkit.players}, {@code testkit.version} (default 1.21.4),
 * {@code testkit.hangOnStop}. Any other input line is echoed back in the "Unknown command" message, so
 * encodings can be checked both ways. The process exits by itself when its parent process dies (or, with
 * {@code testkit.watchPid}, when that process dies: for servers that must outlive the daemon that started them),
 * so a crashed test run leaves nothing behind.
 */
public final class FakeMinecraftServer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Writer out;
    private final Writer err;
    private final Charset charset;
    private final List<String> players = new CopyOnWriteArrayList<>();
    private final String version = System.getProperty("testkit.version", "1.21.4");
    private volatile boolean hangOnStop = Boolean.getBoolean("testkit.hangOnStop");
    private volatile boolean hangOnSave;
    private Properties properties;
    private SlpResponder slp;

    private FakeMinecraftServer(Charset charset) {
        this.charset = charset;
        this.out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset), 1 << 16);
        this.err = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), charset));
        String initial = System.getProperty("testkit.players", "");
        if (!initial.isBlank()) {
            players.addAll(Arrays.asList(initial.split(",")));
        }
    }

    public static void main(String[] args) throws Exception {
        Charset cs = Charset.forName(System.getProperty("testkit.charset", "UTF-8"));
        new FakeMinecraftServer(cs).run();
    }

    private void run() throws Exception {
        ParentWatchdog.start();
        long t0 = System.nanoTime();
        info("Starting minecraft server version " + version);
        info("Loading properties");
        properties = loadProperties(Paths.get("server.properties"));
        info("Default game type: SURVIVAL");
        info("Generating keypair");
        int port = Integer.parseInt(properties.getProperty("server-port", "25565").trim());
        info("Starting Minecraft server on *:" + port);
        try {
            slp = SlpResponder.start(port, this::statusJson);
        } catch (IOException e) {
            log("WARN", "**** FAILED TO BIND TO PORT!");
            log("WARN", "The exception was: " + e);
        }
        info("Preparing level \"" + properties.getProperty("level-name", "world") + "\"");
        flush();
        Thread.sleep(Long.getLong("testkit.startupMillis", 100));
        info("Preparing start region for dimension minecraft:overworld");
        info("Time elapsed: 42 ms");
        double secs = (System.nanoTime() - t0) / 1e9;
        info(String.format(java.util.Locale.ROOT, "Done (%.3fs)! For help, type \"help\"", secs));
        flush();
        console();
    }

    private void console() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, charset));
        String line;
        while ((line = in.readLine()) != null) {
            command(line.strip());
            flush();
        }
        // stdin closed: a real server keeps running; the watchdog ends us when the parent goes away.
        Thread.sleep(Long.MAX_VALUE);
    }

    private void command(String line) throws Exception {
        String[] parts = line.split(" ", 2);
        String name = parts[0].startsWith("/") ? parts[0].substring(1) : parts[0];
        String rest = parts.length > 1 ? parts[1] : "";
        switch (name) {
            case "" -> { }
            case "stop" -> stop();
            case "list" -> info("There are " + players.size() + " of a max of "
                    + properties.getProperty("max-players", "20") + " players online: " + String.join(", ", players));
            case "say" -> info("[Server] " + rest);
            case "save-off" -> info("Automatic saving is now disabled");
            case "save-on" -> info("Automatic saving is now enabled");
            case "save-all" -> {
                info("Saving the game (this may take a moment!)");
                if (!hangOnSave) {
                    info("Saved the game");
                }
            }
            case "help" -> {
                info("/list");
                info("/say <message>");
                info("/stop");
            }
            case "testkit" -> testkit(rest);
            default -> {
                info("Unknown or incomplete command, see below for error");
                info(line + "<--[HERE]");
            }
        }
    }

    private void testkit(String args) throws Exception {
        String[] parts = args.split(" ", 2);
        String arg = parts.length > 1 ? parts[1] : "";
        switch (parts[0]) {
            case "crash" -> {
                log("ERROR", "Encountered an unexpected exception");
                raw("net.minecraft.ReportedException: Manually triggered debug crash");
                raw("\tat net.minecraft.server.MinecraftServer.tickServer(MinecraftServer.java:912)");
                log("ERROR", "This crash report has been saved to: ./crash-reports/crash-server.txt");
                log("ERROR", "Minecraft has crashed!");
                flush();
                System.exit(1);
            }
            case "exit" -> {
                flush();
                System.exit(Integer.parseInt(arg.trim()));
            }
            case "hang-on-save" -> {
                hangOnSave = true;
                info("testkit: save-all will not finish");
            }
            case "hang-on-stop" -> {
                hangOnStop = true;
                info("testkit: stop will hang");
            }
            case "flood" -> {
                int n = Integer.parseInt(arg.trim());
                String prefix = "[" + LocalTime.now().format(TIME) + "] [Server thread/INFO]: flood ";
                for (int i = 1; i <= n; i++) {
                    out.write(prefix);
                    out.write(Integer.toString(i));
                    out.write('\n');
                }
                info("flood done");
            }
            case "stderr" -> {
                err.write(arg);
                err.write('\n');
                err.flush();
            }
            case "spawn-child" -> {
                Process p = new ProcessBuilder("sleep", "600").redirectErrorStream(true).start();
                info("testkit: spawned child " + p.pid());
            }
            case "players" -> {
                players.clear();
                for (String p : arg.split(",")) {
                    if (!p.isBlank()) {
                        players.add(p.trim());
                    }
                }
                info("testkit: players " + players);
            }
            case "tick" -> {
                String[] a = arg.trim().split(" +");
                int n = Integer.parseInt(a[0]);
                long ms = a.length > 1 ? Long.parseLong(a[1]) : 100;
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 1; i <= n; i++) {
                            raw("tick " + i);
                            flush();
                            Thread.sleep(ms);
                        }
                        info("tick done");
                        flush();
                    } catch (IOException | InterruptedException e) {
                        // stdout gone
                    }
                }, "tick");
                t.setDaemon(true);
                t.start();
            }
            default -> info("testkit: unknown test command " + parts[0]);
        }
    }

    private void stop() throws Exception {
        info("Stopping the server");
        flush();
        if (hangOnStop) {
            return;
        }
        info("Stopping server");
        info("Saving players");
        info("Saving worlds");
        info("ThreadedAnvilChunkStorage: All dimensions are saved");
        flush();
        if (slp != null) {
            slp.close();
        }
        System.exit(0);
    }

    private String statusJson() {
        StringBuilder sample = new StringBuilder();
        for (String p : players) {
            if (sample.length() > 0) {
                sample.append(',');
            }
            sample.append("{\"name\":\"").append(escape(p)).append("\",\"id\":\"").append(offlineUuid(p)).append("\"}");
        }
        return "{\"version\":{\"name\":\"" + escape(version) + "\",\"protocol\":769},"
                + "\"players\":{\"max\":" + properties.getProperty("max-players", "20").trim() + ",\"online\":"
                + players.size() + ",\"sample\":[" + sample + "]},"
                + "\"description\":{\"text\":\"" + escape(properties.getProperty("motd", "A Minecraft Server")) + "\"},"
                + "\"enforcesSecureChat\":false}";
    }

    static String offlineUuid(String name) {
        return java.util.UUID.nameUUIDFromBytes(("OfflinePlayer:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private Properties loadProperties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            return p;
        }
        log("WARN", "Failed to load properties from file: server.properties");
        List<String> lines = new ArrayList<>();
        lines.add("#Minecraft server properties");
        lines.add("#" + java.time.ZonedDateTime.now());
        for (String kv : new String[] {"enable-command-block=false", "gamemode=survival", "level-name=world",
                "max-players=20", "motd=A Minecraft Server", "online-mode=true", "server-ip=", "server-port=25565"}) {
            lines.add(kv);
            String[] e = kv.split("=", 2);
            p.setProperty(e[0], e[1]);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return p;
    }

    private void info(String msg) throws IOException {
        log("INFO", msg);
    }

    private void log(String level, String msg) throws IOException {
        raw("[" + LocalTime.now().format(TIME) + "] [Server thread/" + level + "]: " + msg);
    }

    private void raw(String line) throws IOException {
        out.write(line + "\n"); // one write: lines of the tick thread never interleave within a line
    }

    private void flush() throws IOException {
        out.flush();
    }
}
