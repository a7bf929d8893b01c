package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.daemon.auth.Grant;
import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.transport.Channel;
import dev.mfp.protocol.Permissions;
import dev.mfp.protocol.v2.V2PermissionSet;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.wire.PingResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fast scan of v2 requests answers exactly as the full parser does: each frame is sent as it is (fast when the
 * scan accepts it) and with {@code "jsonrpc"} spelled with an escape, the same JSON value, which the scan never
 * takes; the two answers must be the same text, the clock and correlation ids aside.
 */
class V2DispatcherFastPathTest {
    private static final List<String> FRAMES = List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"mcsl.daemon.ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a b/c\",\"method\":\"mcsl.daemon.ping\",\"params\":{}}",
            " {\"method\" : \"mcsl.daemon.ping\", \"id\" : 42 , \"jsonrpc\":\"2.0\" }\n",
            "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"mcsl.daemon.ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"mcsl.daemon.ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901,\"method\":\"mcsl.daemon.ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"mcsl.daemon.ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"mcsl.daemon.ping\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"mcsl.daemon.ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"mcsl.daemon.ping\",\"params\":{\"x\":1}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"mcsl.daemon.ping\",\"params\":[]}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"mcsl.daemon.ping\",\"extra\":1}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"id\":\"b\",\"method\":\"mcsl.daemon.ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"mcsl.daemon.pong\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"mcsl.secret.get\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"mcsl.test.fail\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"mcsl.test.map\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"\u00e9\",\"method\":\"mcsl.daemon.ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"mcsl.daemon.ping\"} {}");

    @Test
    void theScanAndTheParserGiveTheSameAnswer() {
        V2Methods m = new V2Methods();
        m.onInline("mcsl.daemon.ping", RpcObjectType.EMPTY, (p, s) -> new PingResult(System.currentTimeMillis()))
                .onInline("mcsl.secret.get", RpcObjectType.EMPTY, (p, s) -> new PingResult(1))
                .onInline("mcsl.test.fail", RpcObjectType.EMPTY, (p, s) -> {
                    throw new V2Error("test.failed", DaemonErrorKind.CONFLICT, "no");
                })
                .onInline("mcsl.test.map", RpcObjectType.EMPTY, (p, s) -> Map.of("n", p.size()));
        V2Dispatcher d = new V2Dispatcher(m, Runnable::run, "1.0.0");
        Sink sink = new Sink(V2PermissionSet.of(List.of("mcsl.daemon.**", "mcsl.test.*")));
        V2Session session = new V2FrontEnd(d, V2Frames.NONE, new EventBus()).session(sink);
        int answered = 0;
        for (String f : FRAMES) {
            String escaped = f.replace("\"jsonrpc\"", "\"json\\u0072pc\"");
            assertThat(escaped).isNotEqualTo(f);
            byte[] a = ("x" + f + "y").getBytes(StandardCharsets.UTF_8);
            sink.last = null;
            d.onText(session, a, 1, a.length - 2);
            String fast = sink.last;
            byte[] b = escaped.getBytes(StandardCharsets.UTF_8);
            sink.last = null;
            d.onText(session, b, 0, b.length);
            assertThat(normalized(fast)).as(f).isEqualTo(normalized(sink.last));
            if (fast != null) {
                answered++;
            }
        }
        assertThat(answered).isGreaterThan(10);
    }

    private static String normalized(String answer) {
        return answer == null ? null : answer.replaceAll("\"time\":\\d+", "\"time\":0")
                .replaceAll("\"correlation_id\":\"[^\"]*\"", "\"correlation_id\":\"-\"");
    }

    static final class Sink implements Channel {
        private final Grant grant;
        private final java.util.Map<Class<?>, Object> attachments = new java.util.HashMap<>();
        String last;

        Sink(V2PermissionSet v2) {
            grant = new Grant(new UUID(0, 0), Permissions.NONE, null, "test", v2, false);
        }

        @Override
        public Grant grant() {
            return grant;
        }

        @Override
        public UUID connectionId() {
            return new UUID(0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T attachment(Class<T> key, Supplier<T> factory) {
            return (T) attachments.computeIfAbsent(key, k -> factory.get());
        }

        @Override
        public void onClose(Runnable hook) {
        }

        @Override
        public void sendResponse(String text, Runnable onSent) {
            last = text;
            onSent.run();
        }

        @Override
        public boolean sendEvent(byte[] utf8) {
            return true;
        }

        @Override
        public void sendBinary(String text, java.nio.ByteBuffer payload, Runnable onSent) {
            last = text;
        }

        @Override
        public void holdReading() {
        }

        @Override
        public void resumeReading() {
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}
