package dev.mfp.daemon.api.v1;

import java.nio.ByteBuffer;

/**
 * Receives binary frames (transport.md §9). The buffer is only valid during the call, so the handler
 * must consume it before returning. The default ignores every binary frame.
 */
public interface BinaryMessageHandler {
    BinaryMessageHandler IGNORE = (ctx, data) -> { };

    void onBinary(RequestContext ctx, ByteBuffer data);
}
