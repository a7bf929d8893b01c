package dev.mfp.bench;

import dev.mfp.daemon.api.v1.ActionChannel;
import dev.mfp.daemon.api.v1.ActionRegistry;
import dev.mfp.daemon.api.v1.Dispatcher;
import dev.mfp.daemon.event.Subscriptions;
import dev.mfp.daemon.api.v1.misc.PingHandler;
import dev.mfp.protocol.Permissions;
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
 * response, beside the baseline of parsing the same frame alone, and the permission matcher.
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

    @Benchmark
    public void pingDispatch(Blackhole bh) {
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

        @Override
        public UUID connectionId() {
            return UUID.randomUUID();
        }

        @Override
        public UUID jti() {
            return new UUID(0, 0);
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
