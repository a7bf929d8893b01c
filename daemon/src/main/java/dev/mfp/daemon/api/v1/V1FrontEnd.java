package dev.mfp.daemon.api.v1;

import dev.mfp.daemon.api.v1.events.Subscriptions;
import dev.mfp.daemon.api.v1.events.V1EventSink;
import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.transport.Connection;
import dev.mfp.daemon.transport.FrontEnd;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** The v1 protocol on {@code /api/v1}: actions to the dispatcher, binary upload frames, v1 events. */
public final class V1FrontEnd implements FrontEnd {
    private final Dispatcher dispatcher;
    private final BinaryMessageHandler binary;
    private final EventBus bus;
    private final Consumer<String> droppedEvents;

    public V1FrontEnd(Dispatcher dispatcher, BinaryMessageHandler binary, EventBus bus) {
        this(dispatcher, binary, bus, event -> { });
    }

    /** {@code droppedEvents} is told the name of each event a slow connection did not get. */
    public V1FrontEnd(Dispatcher dispatcher, BinaryMessageHandler binary, EventBus bus, Consumer<String> droppedEvents) {
        this.dispatcher = dispatcher;
        this.binary = binary;
        this.bus = bus;
        this.droppedEvents = droppedEvents;
    }

    @Override
    public Session open(Connection connection) {
        Subscriptions subscriptions = connection.subscriptions();
        V1EventSink sink = new V1EventSink(subscriptions, connection.grant(), connection::sendEvent,
                droppedEvents);
        bus.register(sink);
        connection.onClose(() -> {
            bus.unregister(sink);
            subscriptions.clear();
        });
        return new Session() {
            @Override
            public void onText(byte[] utf8, int offset, int length) {
                dispatcher.onText(connection, utf8, offset, length);
            }

            @Override
            public void onBinary(ByteBuffer payload) {
                binary.onBinary(connection, payload);
            }
        };
    }
}
