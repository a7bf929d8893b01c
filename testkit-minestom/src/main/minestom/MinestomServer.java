import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import net.minestom.server.MinecraftServer;
import net.minestom.server.event.server.ServerListPingEvent;
import net.minestom.server.ping.Status;
import net.minestom.server.utils.identity.NamedAndIdentified;

/**
 * A tiny real Minecraft-protocol server on Minestom: listens on server-port of server.properties, answers the
 * Server List Ping with the players of -Dplayers (default Alex,Steve), prints a vanilla-style Done line and
 * obeys "stop". Compiled and run with a JDK >= 25 by MinestomIntegrationTest.
 */
public final class MinestomServer {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Properties props = new Properties();
        Path file = Path.of("server.properties");
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            }
        }
        int port = Integer.parseInt(props.getProperty("server-port", "25565").trim());
        List<String> players = List.of(System.getProperty("players", "Alex,Steve").split(","));
        log("Starting Minestom server on 127.0.0.1:" + port);
        MinecraftServer server = MinecraftServer.init();
        MinecraftServer.getGlobalEventHandler().addListener(ServerListPingEvent.class, e -> {
            Status.PlayerInfo.Builder info = Status.PlayerInfo.builder().onlinePlayers(players.size()).maxPlayers(20);
            for (String p : players) {
                info.sample(NamedAndIdentified.of(p,
                        UUID.nameUUIDFromBytes(("OfflinePlayer:" + p).getBytes(StandardCharsets.UTF_8))));
            }
            e.setStatus(Status.builder(e.getStatus()).playerInfo(info.build()).build());
        });
        server.start("127.0.0.1", port);
        log(String.format(Locale.ROOT, "Done (%.3fs)! For help, type \"help\"", (System.nanoTime() - t0) / 1e9));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("stop")) {
                log("Stopping the server");
                MinecraftServer.stopCleanly();
                System.exit(0);
            }
            log("Unknown or incomplete command, see below for error");
        }
    }

    private static void log(String msg) {
        System.out.println("[" + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))
                + "] [Server thread/INFO]: " + msg);
        System.out.flush();
    }
}
