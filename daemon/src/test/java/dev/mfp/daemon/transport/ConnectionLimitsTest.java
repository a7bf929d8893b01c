package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.CloseInfo;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrency, the frame size limit and WebSocket-level ping (transport.md §6–8). */
@DaemonTest
class ConnectionLimitsTest {
    private static TestDaemon daemon;

    @Test
    void twoHundredConcurrentRequestsOnOneSocketAreEachAnsweredOnceById() throws Exception {
        MfpClient c = daemon.client();
        String[] actions = {"ping", "get_permissions", "get_java_list", "get_system_info"};
        List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(c.request(actions[i % actions.length], null));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < futures.size(); i++) {
            JsonNode r = futures.get(i).get(60, TimeUnit.SECONDS);
            assertThat(r.get("retcode").asInt()).as(r.toString()).isZero();
            ids.add(r.get("id").asText());
            String action = actions[i % actions.length];
            String expectedMember = switch (action) {
                case "ping" -> "time";
                case "get_permissions" -> "permissions";
                case "get_java_list" -> "java_list";
                default -> "info";
            };
            assertThat(r.get("data").has(expectedMember)).as(action).isTrue();
        }
        assertThat(ids).hasSize(200);
        assertThat(c.nextUnmatched(Duration.ofMillis(200))).as("no duplicate or stray responses").isNull();
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnection() throws Exception {
        MfpClient victim = daemon.client();
        MfpClient bystander = daemon.client();
        StringBuilder big = new StringBuilder((int) DaemonServer.MAX_TEXT_MESSAGE + 64);
        big.append("{\"action\":\"ping\",\"id\":\"00000000-0000-0000-0000-000000000001\",\"params\":{\"pad\":\"");
        while (big.length() < DaemonServer.MAX_TEXT_MESSAGE + 16) {
            big.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        }
        big.append("\"}}");
        int before = daemon.daemon().connections().size();
        victim.sendText(big.toString());
        CloseInfo close = victim.closeFuture().get(30, TimeUnit.SECONDS);
        assertThat(close.code()).isEqualTo(1009);
        long closedAt = System.nanoTime();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> daemon.daemon().connections().size() < before);
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).as("the close handshake ends, no grace timeout")
                .isLessThan(Duration.ofMillis(Connection.CLOSE_GRACE_MS / 2));
        assertThat(bystander.call("ping", null).has("time")).isTrue();
        assertThat(daemon.client().call("ping", null).has("time")).isTrue();
    }

    @Test
    void aFrameJustBelowTheLimitIsProcessed() throws Exception {
        MfpClient c = daemon.client();
        StringBuilder pad = new StringBuilder();
        while (pad.length() < 3 * 1024 * 1024) {
            pad.append("abcdefghijklmnopqrstuvwxyz0123456789");
        }
        JsonNode r = c.request("ping", java.util.Map.of("pad", pad.toString())).get(30, TimeUnit.SECONDS);
        assertThat(r.get("retcode").asInt()).isZero();
    }

    @Test
    void webSocketPingsArePonged() throws Exception {
        MfpClient c = daemon.client();
        c.sendPing(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS);
        ByteBuffer pong = c.awaitPong(Duration.ofSeconds(10));
        assertThat(pong).isNotNull();
        assertThat(StandardCharsets.UTF_8.decode(pong).toString()).isEqualTo("hello");
    }

    @Test
    void unknownBinaryFramesAreIgnored() throws Exception {
        MfpClient c = daemon.client();
        c.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS);
        assertThat(c.call("ping", null).has("time")).isTrue();
    }

    @Test
    void fragmentedTextAndBinaryMessagesAreReassembled() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + daemon.port() + "/api/v1?token="
                        + java.net.URLEncoder.encode(daemon.mainToken(), StandardCharsets.UTF_8)),
                        new java.net.http.WebSocket.Listener() {
                            private final StringBuilder sb = new StringBuilder();

                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w,
                                    CharSequence data, boolean last) {
                                sb.append(data);
                                if (last) {
                                    got.add(sb.toString());
                                    sb.setLength(0);
                                }
                                w.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        try {
            String id = "2b1e6a3c-0d4f-4e5a-9b8c-7d6e5f4a3b2c";
            ws.sendText("{\"action\":\"pi", false).get(5, TimeUnit.SECONDS);
            ws.sendText("ng\",\"params\":{},\"id\":\"\u00e9", false).get(5, TimeUnit.SECONDS);
            ws.sendText("\",\"id\":\"" + id + "\"}", true).get(5, TimeUnit.SECONDS);
            String r = got.poll(10, TimeUnit.SECONDS);
            assertThat(r).contains("\"retcode\":0").contains(id).contains("\"time\"");
            // a binary message in two frames is one (ignored, too short to be an upload chunk) message
            ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), false).get(5, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(new byte[] {3}), true).get(5, TimeUnit.SECONDS);
            ws.sendText("{\"action\":\"ping\",\"params\":{},\"id\":\"" + id + "\"}", true)
                    .get(5, TimeUnit.SECONDS);
            assertThat(got.poll(10, TimeUnit.SECONDS)).contains("\"retcode\":0");
        } finally {
            ws.abort();
        }
    }
}
