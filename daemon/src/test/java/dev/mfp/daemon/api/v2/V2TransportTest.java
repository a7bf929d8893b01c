package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.CloseInfo;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.RawWebSocket;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.transport.Connection;
import dev.mfp.protocol.v2.BinaryFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** transport.md §4.5, §5, §6 over real sockets: limits and aborts close only the offending connection. */
@DaemonTest
class V2TransportTest {
    private static TestDaemon daemon;

    private static void assertOthersAreServed() {
        assertThat(daemon.v2().call("mcsl.daemon.ping").has("time")).isTrue();
        assertThat(daemon.client().call("ping", null).has("time")).isTrue();
    }

    @Test
    void anExpiredTokenAbortsItsConnectionWith1011() throws Exception {
        JsonNode issued = daemon.v2().call("mcsl.auth.token.issue", Map.of("subject", "short", "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.daemon.ping"), "ttl_seconds", 2));
        MfpV2Client c = daemon.connectV2(issued.get("token").asText());
        assertThat(c.call("mcsl.daemon.ping").has("time")).isTrue();
        CloseInfo close = c.closed().get(10, TimeUnit.SECONDS);
        assertThat(close.code()).isEqualTo(1011);
        assertOthersAreServed();
    }

    @Test
    void aTextMessageAbove10MiBIsClosedWith1009() throws Exception {
        MfpV2Client c = daemon.v2();
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"mcsl.daemon.ping\",\"params\":{\"x\":\""
                + "a".repeat(10_485_760) + "\"}}";
        c.sendText(big);
        assertThat(c.closed().get(20, TimeUnit.SECONDS).code()).isEqualTo(1009);
        assertOthersAreServed();
    }

    @Test
    void aBinaryMessageAboveOneFrameIsClosedWith1009() throws Exception {
        MfpV2Client c = daemon.v2();
        c.sendBinary(new byte[1_048_609]);
        assertThat(c.closed().get(20, TimeUnit.SECONDS).code()).isEqualTo(1009);
        assertOthersAreServed();
    }

    @Test
    void malformedAndDaemonOnlyFramesAbortTheConnection() throws Exception {
        MfpV2Client tooShort = daemon.v2();
        tooShort.sendBinary(new byte[] {1});
        assertThat(tooShort.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1011);
        MfpV2Client download = daemon.v2();
        download.sendBinary(BinaryFrame.encode(BinaryFrame.Kind.DOWNLOAD_CHUNK, UUID.randomUUID(), 0, new byte[3], 0,
                3));
        assertThat(download.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1011);
        MfpV2Client version = daemon.v2();
        byte[] f = BinaryFrame.encode(BinaryFrame.Kind.CONSOLE_INPUT, UUID.randomUUID(), 0, new byte[1], 0, 1);
        f[0] = 2;
        version.sendBinary(f);
        assertThat(version.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1011);
        assertOthersAreServed();
    }

    @Test
    void manyConcurrentRequestsWaitInsteadOfBeingRefused() {
        MfpV2Client c = daemon.v2();
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(c.callAsync("mcsl.instance.report.list", null));
        }
        for (CompletableFuture<JsonNode> f : calls) {
            JsonNode answer = c.await(f);
            assertThat(answer.has("result")).as(answer.toString()).isTrue();
        }
    }

    @Test
    void aClientThatNeverReadsIsClosedAsASlowConsumer() throws Exception {
        java.util.Set<Connection> before = new java.util.HashSet<>(daemon.daemon().connections().snapshot());
        try (RawWebSocket ws = RawWebSocket.connect(daemon.port(), "/api/v2", daemon.mainToken())) {
            byte[] ping = RawWebSocket.frame(RawWebSocket.TEXT, true,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"mcsl.daemon.ping\"}".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 1000; i++) {
                ws.queue(ping);
            }
            // ours is the new connection that reads the flood (clients of earlier tests may register late)
            Connection[] conn = new Connection[1];
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                ws.flush();
                for (Connection c : daemon.daemon().connections().snapshot()) {
                    if (!before.contains(c) && c.framesReceived() >= 100) {
                        conn[0] = c;
                        return true;
                    }
                }
                return false;
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // far more answers than the socket buffers hold: the queue passes 256 messages and the daemon gives up;
            // once it has, read (its close frame waits behind what the buffers hold)
            while (conn[0].isOpen() && System.nanoTime() < deadline) {
                if (ws.unwritten() < 64 * 1024) {
                    for (int i = 0; i < 1000; i++) {
                        ws.queue(ping);
                    }
                }
                if (ws.flush() == 0) {
                    Thread.sleep(1);
                }
            }
            assertThat(conn[0].isOpen()).as("closed by the daemon (unsent %d, peak %d, frames read %d, written %d)",
                    conn[0].unsentBytes(), conn[0].peakUnsentBytes(), conn[0].framesReceived(), ws.written())
                    .isFalse();
            assertThat(conn[0].closeCode()).isEqualTo(1008);
            assertThat(conn[0].peakUnsentBytes()).isLessThan(1L << 20);
            // The close frame waits behind what the socket buffers hold; when requests the daemon no longer read
            // are left in its receive buffer, TCP resets the connection instead (-1): the frame cannot be seen then.
            assertThat(ws.readCloseCode(Duration.ofSeconds(60))).isIn(1008, -1);
        }
        assertOthersAreServed();
    }
}
