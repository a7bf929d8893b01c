package dev.mfp.protocol.wire;

import dev.mfp.protocol.json.AsciiJson;
import dev.mfp.protocol.json.JsonWritable;

/** The result of v1 {@code ping} and v2 {@code mcsl.daemon.ping}: the daemon's wall clock in epoch milliseconds. */
public record PingResult(long time) implements JsonWritable {
    private static final byte[] OPEN = "{\"time\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public void writeJson(AsciiJson out) {
        out.raw(OPEN).number(time).ch('}');
    }
}
