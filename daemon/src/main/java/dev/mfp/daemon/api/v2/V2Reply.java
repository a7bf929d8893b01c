package dev.mfp.daemon.api.v2;

import java.nio.ByteBuffer;

/** A result followed on the wire by one binary frame, with nothing in between (download reads). */
public record V2Reply(Object result, ByteBuffer frame) {
}
