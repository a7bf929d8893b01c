package dev.mfp.daemon.support;

import static org.awaitility.Awaitility.await;

import dev.mfp.daemon.transport.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** A raw WebSocket client with the main token and the daemon-side {@link Connection} it opened. */
public record RawPeer(RawWebSocket ws, Connection conn) {
    public static RawPeer connect(TestDaemon daemon) throws Exception {
        Set<Connection> before = new HashSet<>(daemon.daemon().connections().snapshot());
        RawWebSocket ws = RawWebSocket.connect(daemon.port(), daemon.mainToken());
        Connection[] found = new Connection[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Connection c : daemon.daemon().connections().snapshot()) {
                if (!before.contains(c)) {
                    found[0] = c;
                    return true;
                }
            }
            return false;
        });
        return new RawPeer(ws, found[0]);
    }
}
