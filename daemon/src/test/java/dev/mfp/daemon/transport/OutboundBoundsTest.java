package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.RawPeer;
import dev.mfp.daemon.support.RawWebSocket;
import dev.mfp.daemon.support.TestDaemon;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Hardening item 6: a client that never reads cannot make the daemon buffer without bound, whatever kind of
 * outbound traffic it provokes (10001 replies, binary-frame acknowledgements, pongs, download ranges). The daemon
 * stops reading from it (back-pressure) or closes it with 1008; the bound is observed through the connection's
 * unsent-byte high-water mark, not by waiting for an OutOfMemoryError.
 */
@DaemonTest
class OutboundBoundsTest {
    /** Slack above the pause bound: what was read in the frame that crossed it, plus one reply. */
    private static final long SLACK = 64 * 1024;
    /** A flood stops here in any case: the bound is broken by then and the test heap need not suffer more. */
    private static final long GIVE_UP = 8 * Connection.PAUSE_READING_BYTES;

    private static TestDaemon daemon;

    /** {@code frames} were offered, {@code written} of them completely taken by the socket. */
    private record Flood(long frames, long written, boolean closedByDaemon, boolean stalled) {
    }

    /**
     * Writes {@code frame} over and over without reading, until {@code maxFrames} were offered, the socket takes
     * nothing for 3 s (the daemon stopped reading and the TCP buffers are full), the daemon closed the socket, or
     * the daemon-side queue is past {@link #GIVE_UP}.
     */
    private static Flood flood(RawWebSocket ws, Connection conn, byte[] frame, long maxFrames) throws Exception {
        Flood f = offer(ws, conn, frame, maxFrames);
        return new Flood(f.frames, ws.written() / frame.length, f.closedByDaemon, f.stalled);
    }

    private static Flood offer(RawWebSocket ws, Connection conn, byte[] frame, long maxFrames) throws Exception {
        long frames = 0;
        long lastProgress = System.nanoTime();
        while (frames < maxFrames && conn.unsentBytes() < GIVE_UP) {
            while (ws.unwritten() < 32 * 1024 && frames < maxFrames) {
                ws.queue(frame);
                frames++;
            }
            int n;
            try {
                n = ws.flush();
            } catch (IOException e) {
                return new Flood(frames, 0, true, false);
            }
            if (n > 0) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(3).toNanos()) {
                return new Flood(frames, 0, false, true);
            } else {
                Thread.sleep(2);
            }
        }
        return new Flood(frames, 0, false, false);
    }

    /** Waits until the daemon has read no frame from {@code conn} for 2 s (or closed it). */
    private static void settle(Connection conn) {
        long[] last = {-1};
        long[] movedAt = {System.nanoTime()};
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            long now = conn.framesReceived();
            if (now != last[0]) {
                last[0] = now;
                movedAt[0] = System.nanoTime();
            }
            return System.nanoTime() - movedAt[0] > Duration.ofSeconds(2).toNanos();
        });
    }

    /** The daemon holds back: it read fewer frames than the client managed to write, and its queue stayed bounded. */
    private static void assertBounded(Connection conn, Flood f) {
        settle(conn);
        assertThat(conn.peakUnsentBytes()).as("peak unsent bytes after %s", f)
                .isLessThanOrEqualTo(Connection.PAUSE_READING_BYTES + SLACK);
        assertThat(conn.framesReceived()).as("frames the daemon read of %s", f).isLessThan(f.written());
    }

    private static void assertOthersAreServed() {
        MfpClient bystander = daemon.client();
        assertThat(bystander.call("ping", null).has("time")).isTrue();
        bystander.close();
    }

    @Test
    void garbageTextFramesFromAClientThatNeverReadsStayBounded() throws Exception {
        var pair = RawPeer.connect(daemon);
        try (RawWebSocket ws = pair.ws()) {
            Connection conn = pair.conn();
            // each one-byte frame is answered with a ~130-byte 10001 response
            Flood f = flood(ws, conn, RawWebSocket.frame(RawWebSocket.TEXT, true, new byte[] {'x'}), 300_000);
            assertBounded(conn, f);
            assertOthersAreServed();
        }
    }

    @Test
    void shortBinaryFramesFromAClientThatNeverReadsStayBounded() throws Exception {
        var pair = RawPeer.connect(daemon);
        try (RawWebSocket ws = pair.ws()) {
            Connection conn = pair.conn();
            // a 44-byte upload frame with a wrong checksum is answered with an error acknowledgement
            Flood f = flood(ws, conn, RawWebSocket.frame(RawWebSocket.BINARY, true, new byte[44]), 200_000);
            assertBounded(conn, f);
            assertOthersAreServed();
        }
    }

    @Test
    void pingsFromAClientThatNeverReadsStayBounded() throws Exception {
        var pair = RawPeer.connect(daemon);
        try (RawWebSocket ws = pair.ws()) {
            Connection conn = pair.conn();
            byte[] payload = new byte[125];
            Flood f = flood(ws, conn, RawWebSocket.frame(RawWebSocket.PING, true, payload), 100_000);
            assertBounded(conn, f);
            assertOthersAreServed();
        }
    }

    @Test
    void eachPingIsAnsweredWithExactlyOnePong() throws Exception {
        MfpClient c = daemon.client();
        for (int i = 0; i < 3; i++) {
            c.sendPing(ByteBuffer.wrap(("p" + i).getBytes(StandardCharsets.UTF_8))).get();
        }
        for (int i = 0; i < 3; i++) {
            ByteBuffer pong = c.awaitPong(Duration.ofSeconds(10));
            assertThat(pong).isNotNull();
            assertThat(StandardCharsets.UTF_8.decode(pong).toString()).isEqualTo("p" + i);
        }
        assertThat(c.call("ping", null).has("time")).isTrue();
        assertThat(c.awaitPong(Duration.ofMillis(500))).as("no second pong").isNull();
    }

    @Test
    void pipelinedDownloadRangesFromAClientThatNeverReadsStayBoundedOrAreClosedWith1008() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(6).nextBytes(data);
        Files.write(daemon.root().resolve("range.bin"), data);
        MfpClient opener = daemon.client();
        JsonNode session = opener.call("file_download_request", Map.of("path", "range.bin"));
        String fileId = session.get("file_id").asText();

        var pair = RawPeer.connect(daemon);
        try (RawWebSocket ws = pair.ws()) {
            Connection conn = pair.conn();
            // each answer is ~3 MiB of JSON (1 MiB packed as UTF-16BE, escaped as \\uXXXX): 48 of them are ~150 MiB
            int requests = 48;
            for (int i = 0; i < requests; i++) {
                String req = "{\"action\":\"file_download_range\",\"params\":{\"file_id\":\"" + fileId
                        + "\",\"range\":\"0..1048576\"},\"id\":\"" + UUID.randomUUID() + "\"}";
                ws.queue(RawWebSocket.frame(RawWebSocket.TEXT, true, req.getBytes(StandardCharsets.UTF_8)));
            }
            while (ws.unwritten() > 0) {
                ws.flush();
                Thread.sleep(1);
            }
            long[] last = {-1};
            long[] movedAt = {System.nanoTime()};
            // until the daemon closed the connection, or its queue stopped moving (every answer produced)
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!daemon.daemon().connections().snapshot().contains(conn)) {
                    return true;
                }
                long now = conn.unsentBytes();
                if (now != last[0]) {
                    last[0] = now;
                    movedAt[0] = System.nanoTime();
                }
                return System.nanoTime() - movedAt[0] > Duration.ofSeconds(5).toNanos();
            });
            long maxAnswer = 7L << 20;
            assertThat(conn.peakUnsentBytes()).as("peak unsent bytes")
                    .isLessThanOrEqualTo(Connection.CLOSE_BYTES + maxAnswer);
            // How many requests are read before reading pauses depends on timing: either enough answers piled
            // up to pass the close bound (1008), or reading paused first and the queue stays below that bound.
            if (daemon.daemon().connections().snapshot().contains(conn)) {
                assertThat(conn.unsentBytes()).as("unsent bytes of a paused connection")
                        .isPositive().isLessThan(Connection.CLOSE_BYTES);
            } else {
                assertThat(ws.readCloseCode(Duration.ofSeconds(30))).isEqualTo(1008);
            }
        }
        opener.call("file_download_close", Map.of("file_id", fileId));
        assertOthersAreServed();
    }
}
