package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfp.daemon.support.RawPeer;
import dev.mfp.daemon.support.RawWebSocket;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hardening item 7: connections that each hold an unfinished (fragmented) message cannot together make the daemon
 * hold more than {@code max_unfinished_message_bytes}; the newest offender is closed (1013), the older ones finish.
 */
class UnfinishedMessagesTest {
    private static final int MIB = 1 << 20;
    /** Lowered from the default (48 MiB) so the test moves a few MiB, not hundreds. */
    private static final long LIMIT = 8L * MIB;

    private Path dir;
    private TestDaemon daemon;
    private final List<RawWebSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("mfp-unfinished");
        Files.writeString(dir.resolve("config.json"), "{\"max_unfinished_message_bytes\": " + LIMIT + "}");
        daemon = TestDaemon.startIn(dir);
    }

    @AfterEach
    void stop() throws Exception {
        for (RawWebSocket s : sockets) {
            s.close();
        }
        daemon.close();
        TestDaemon.deleteTree(dir);
    }

    private RawPeer connect() throws Exception {
        RawPeer p = RawPeer.connect(daemon);
        sockets.add(p.ws());
        return p;
    }

    private static void send(RawWebSocket ws, byte[] frame) throws Exception {
        ws.queue(frame);
        while (ws.unwritten() > 0) {
            ws.flush();
            Thread.sleep(1);
        }
    }

    private static byte[] pad(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    /** Waits until the daemon has taken in {@code bytes} of the peer's message, or dropped its array. */
    private static void awaitHeld(RawPeer p, long bytes) {
        await().atMost(Duration.ofSeconds(60)).until(() -> p.conn().heldMessageBytes() >= bytes
                || !p.conn().isOpen());
    }

    private long heldByOpenConnections() {
        long sum = 0;
        for (Connection c : daemon.daemon().connections().snapshot()) {
            sum += c.heldMessageBytes();
        }
        return sum;
    }

    @Test
    void theNewestOffendersAreClosedAndTheOthersFinishTheirMessages() throws Exception {
        int n = 6;
        List<RawPeer> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            peers.add(connect());
        }
        byte[] head = "{\"action\":\"ping\",\"params\":{\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
        // One after another, each starts a text message with a 512 KiB first fragment. The array collecting it grows
        // by doubling, so each holds up to 1 MiB: at most 6 MiB in all, within the bound.
        for (RawPeer p : peers) {
            byte[] first = Arrays.copyOf(head, MIB / 2);
            Arrays.fill(first, head.length, MIB / 2, (byte) 'x');
            send(p.ws(), RawWebSocket.frame(RawWebSocket.TEXT, false, first));
            awaitHeld(p, MIB / 2);
        }
        assertThat(peers).allMatch(p -> p.conn().isOpen());
        // then, in the same order, each sends 1 MiB more: up to 12 MiB would be held, above the 8 MiB bound
        for (RawPeer p : peers) {
            if (p.conn().isOpen()) { // one evicted meanwhile is not written to: it is to read its close frame
                send(p.ws(), RawWebSocket.frame(0, false, pad(MIB)));
                awaitHeld(p, 3L * MIB / 2);
            }
        }
        List<RawPeer> open = new ArrayList<>();
        List<RawPeer> closed = new ArrayList<>();
        for (RawPeer p : peers) {
            (p.conn().isOpen() ? open : closed).add(p);
        }
        assertThat(closed).as("some were closed").isNotEmpty();
        int firstClosed = peers.indexOf(closed.get(0));
        assertThat(closed).as("the newest, all of them after the first closed one")
                .containsExactlyElementsOf(peers.subList(firstClosed, n));
        assertThat(open).as("the oldest ones stay").contains(peers.get(0), peers.get(1));
        for (RawPeer p : closed) {
            assertThat(p.ws().readCloseCode(Duration.ofSeconds(30))).as("close code").isEqualTo(1013);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> closed.stream()
                .noneMatch(p -> daemon.daemon().connections().snapshot().contains(p.conn())));
        assertThat(heldByOpenConnections()).isLessThanOrEqualTo(LIMIT);

        // the survivors finish their messages and are answered
        for (RawPeer p : open) {
            String id = UUID.randomUUID().toString();
            send(p.ws(), RawWebSocket.frame(0, true, ("\"},\"id\":\"" + id + "\"}").getBytes(StandardCharsets.US_ASCII)));
            String answer = p.ws().readText(Duration.ofSeconds(30));
            assertThat(answer).contains("\"retcode\":0").contains(id);
        }
    }

    @Test
    void aSingleFramePartlySentCountsToo() throws Exception {
        // one 3 MiB frame of which 2 MiB arrive, on five connections: 10 MiB would be held
        int n = 5;
        List<RawPeer> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawPeer p = connect();
            peers.add(p);
            byte[] frame = RawWebSocket.frame(RawWebSocket.TEXT, true, pad(3 * MIB));
            send(p.ws(), Arrays.copyOf(frame, 2 * MIB));
            awaitHeld(p, 2L * MIB - 64 * 1024);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> heldByOpenConnections() <= LIMIT);
        assertThat(peers.get(0).conn().isOpen()).as("the oldest stays").isTrue();
        assertThat(peers.get(n - 1).conn().isOpen()).as("the newest is closed").isFalse();
    }
}
