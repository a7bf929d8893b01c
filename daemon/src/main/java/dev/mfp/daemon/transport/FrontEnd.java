package dev.mfp.daemon.transport;

import java.nio.ByteBuffer;

/** A protocol served on one WebSocket path (v1, v2): it makes the per-connection handler of complete messages. */
public interface FrontEnd {
    /** Called once the socket is open, before its first message; clean-up goes in {@link Connection#onClose}. */
    Session open(Connection connection);

    /** One connection's protocol state: gets each complete message in arrival order, on the reading thread. */
    interface Session {
        /** A text message, already checked to be UTF-8; the array is only valid during the call. */
        void onText(byte[] utf8, int offset, int length);

        /** A binary message; the buffer is only valid during the call. */
        void onBinary(ByteBuffer payload);
    }
}
