package dev.mfp.bench;

import dev.mfp.daemon.api.v1.ActionChannel;
import dev.mfp.daemon.api.v1.ActionRegistry;
import dev.mfp.daemon.api.v1.Dispatcher;
import dev.mfp.daemon.api.v1.events.Subscriptions;
import dev.mfp.daemon.api.v1.misc.PingHandler;
import dev.mfp.daemon.api.v2.V2Dispatcher;
import dev.mfp.daemon.api.v2.V2Frames;
import dev.mfp.daemon.api.v2.V2FrontEnd;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.auth.Grant;
import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.transport.Channel;
import dev.mfp.protocol.Permissions;
import dev.mfp.protocol.v2.V2PermissionSet;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The in-process cost of one request: a {@code ping} frame through the dispatcher to its serialized
 * response — v1's {@code ping} and v2's {@code mcsl.daemon.ping} side by side — beside the baseline of parsing the
 * same frame alone, and the permission matchers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DispatchBenchmark {
    private static final String PING = "{\"action\":\"ping\",\"params\":{},\"id\":\"9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a\"}";
    private final Dispatcher dispatcher = new Dispatcher(new ActionRegistry().register(new PingHandler()), Runnable::run,
            false);
    private final Permissions grants = Permissions.parse("mcsl.daemon.file.**,mcsl.daemon.java_list,mcsl.daemon.instance.*");
    private final SinkChannel channel = new SinkChannel();
    private static final byte[] V2_PING = "{\"jsonrpc\":\"2.0\",\"id\":\"9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a\",\"method\":\"mcsl.daemon.ping\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private final V2Dispatcher v2 = v2Dispatcher();
    private final V2SinkChannel v2Channel = new V2SinkChannel();
    private final V2Session v2Session = new V2FrontEnd(v2, V2Frames.NONE, new EventBus()).session(v2Channel);
    private final V2PermissionSet v2Grants = V2PermissionSet.of(java.util.List.of("mcsl.file.**", "mcsl.java.list",
            "mcsl.instance.*"));

    private static V2Dispatcher v2Dispatcher() {
        V2Methods m = new V2Methods();
        m.onInline("mcsl.daemon.ping", dev.mfp.protocol.v2.rpc.RpcObjectType.EMPTY,
                (p, s) -> new dev.mfp.protocol.wire.PingResult(System.currentTimeMillis()));
        return new V2Dispatcher(m, Runnable::run, "1.0.0");
    }

    @Benchmark
    public void v2PingDispatch(Blackhole bh) {
        v2.onText(v2Session, V2_PING, 0, V2_PING.length);
        bh.consume(v2Channel.last);
    }

    /** Baseline of the v2 path: the parse and profile alone. */
    @Benchmark
    public Object v2ParseOnly() {
        return dev.mfp.protocol.v2.rpc.RpcRequestParser.parse(V2_PING, 0, V2_PING.length);
    }

    @Benchmark
    public boolean v2PermissionMatch() {
        return v2Grants.allows("mcsl.instance.start");
    }

    private static final byte[] PING_BYTES = PING.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** The transport's path: the frame's UTF-8 bytes, as the connection hands them over. */
    @Benchmark
    public void pingDispatch(Blackhole bh) {
        dispatcher.onText(channel, PING_BYTES, 0, PING_BYTES.length);
        bh.consume(channel.last);
    }

    /** The same frame given as a {@code String} (the tree path, no fast scan): the figure before the scan. */
    @Benchmark
    public void pingDispatchTree(Blackhole bh) {
        dispatcher.onText(channel, PING);
        bh.consume(channel.last);
    }

    /** Baseline: only the JSON parse every request pays. */
    @Benchmark
    public Object parseOnly() throws Exception {
        return dev.mfp.protocol.json.Json.mapper().readTree(PING);
    }

    @Benchmark
    public boolean permissionMatch() {
        return grants.allows("mcsl.daemon.instance.start");
    }

    /** A v2 connection that keeps the last response. */
    static final class V2SinkChannel implements Channel {
        private final Grant grant = new Grant(new UUID(0, 0), Permissions.ALL, null, "daemon-main",
                V2PermissionSet.ALL, true);
        private final java.util.Map<Class<?>, Object> attachments = new java.util.HashMap<>();
        private final UUID id = UUID.randomUUID();
        String last;

        @Override
        public Grant grant() {
            return grant;
        }

        @Override
        public UUID connectionId() {
            return id;
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

    static final class SinkChannel implements ActionChannel {
        private final Subscriptions subs = new Subscriptions();
        String last;

        @Override
        public boolean tryAcquireSlot() {
            return true;
        }

        @Override
        public void releaseSlot() {
        }

        @Override
        public void sendResponse(String text, Runnable onSent) {
            last = text;
            onSent.run();
        }

        private final UUID id = UUID.randomUUID();

        @Override
        public UUID connectionId() {
            return id;
        }

        private final UUID jti = new UUID(0, 0);

        @Override
        public UUID jti() {
            return jti;
        }

        @Override
        public Permissions permissions() {
            return Permissions.ALL;
        }

        @Override
        public Instant expiresAt() {
            return null;
        }

        @Override
        public Subscriptions subscriptions() {
            return subs;
        }

        @Override
        public void onClose(Runnable hook) {
        }

        @Override
        public <T> T attachment(Class<T> key, Supplier<T> factory) {
            return factory.get();
        }

        @Override
        public void sendText(String text) {
        }
    }
}
