package dev.mfp.daemon.api.v2;

import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.transport.Channel;
import dev.mfp.daemon.transport.Connection;
import dev.mfp.daemon.transport.ConnectionSettings;
import dev.mfp.daemon.transport.FrontEnd;
import dev.mfp.protocol.v2.BinaryFrame;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The v2 protocol on {@code /api/v2}: JSON-RPC requests, binary frames, v2 events. */
public final class V2FrontEnd implements FrontEnd {
    public static final String PATH = "/api/v2";
    static final int ABORT_CODE = 1011;
    static final String ABORT_REASON = "V2 connection aborted";
    /** transport.md §5: 10 MiB of text, one 1 MiB frame plus its header. */
    public static final long MAX_TEXT = 10_485_760;
    public static final long MAX_BINARY = BinaryFrame.HEADER_SIZE + BinaryFrame.MAX_PAYLOAD;
    private static final Logger LOG = LoggerFactory.getLogger(V2FrontEnd.class);

    private final V2Dispatcher dispatcher;
    private final V2Frames frames;
    private final EventBus bus;

    public V2FrontEnd(V2Dispatcher dispatcher, V2Frames frames, EventBus bus) {
        this.dispatcher = dispatcher;
        this.frames = frames;
        this.bus = bus;
    }

    /**
     * transport.md §6: one ordered queue of at most 256 messages, a send may take 30 s, a slow consumer is closed
     * with 1008 and never loses events silently; expiry aborts with 1011. The byte bounds are the v1 ones.
     */
    public static ConnectionSettings settings() {
        return ConnectionSettings.lossless(V2Dispatcher.MAX_IN_FLIGHT, MAX_TEXT, MAX_BINARY, 256, 1008,
                "V2 slow consumer", ABORT_CODE, ABORT_REASON, 30_000);
    }

    /** The v2 state of one connection, on the event stream until the connection closes. */
    public V2Session session(Channel channel) {
        V2EventSink sink = new V2EventSink(channel.grant(), channel::sendEvent);
        V2Session session = new V2Session(channel, sink);
        bus.register(sink);
        channel.onClose(() -> {
            bus.unregister(sink);
            sink.clear();
        });
        return session;
    }

    @Override
    public Session open(Connection connection) {
        V2Session session = session(connection);
        return new Session() {
            @Override
            public void onText(byte[] utf8, int offset, int length) {
                dispatcher.onText(session, utf8, offset, length);
            }

            @Override
            public void onBinary(ByteBuffer payload) {
                onFrame(session, payload);
            }
        };
    }

    private void onFrame(V2Session session, ByteBuffer message) {
        BinaryFrame.Decoded d = BinaryFrame.decode(message);
        if (d.error() != null) {
            if (d.error().identityKnown() && d.kind() == BinaryFrame.Kind.UPLOAD_CHUNK) {
                frames.uploadFrameInvalid(session, d.sessionId());
                return;
            }
            LOG.debug("connection {}: bad binary frame: {}", session.connectionId(), d.error());
            session.abort();
            return;
        }
        BinaryFrame f = d.frame();
        switch (f.kind()) {
            case UPLOAD_CHUNK -> frames.uploadChunk(session, f);
            case CONSOLE_INPUT -> frames.consoleInput(session, f);
            default -> {
                LOG.debug("connection {}: a {} frame from a client", session.connectionId(), f.kind());
                session.abort();
            }
        }
    }
}
