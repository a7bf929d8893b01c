package dev.mfp.daemon.files.upload;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.codec.Utf16Packing;
import java.util.Base64;
import java.util.Locale;

/** How {@code file_upload_chunk.data} carries bytes (files-and-instances.md §3.3). */
public enum ChunkEncoding {
    UTF16BE("utf16be"),
    BASE64("base64");

    private final String wire;

    ChunkEncoding(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Case-insensitive wire name; null when unknown. */
    public static ChunkEncoding parse(String s) {
        if (s == null) {
            return null;
        }
        String l = s.toLowerCase(Locale.ROOT);
        for (ChunkEncoding e : values()) {
            if (e.wire.equals(l)) {
                return e;
            }
        }
        return null;
    }

    /** Decodes {@code data}; refuses payloads above {@code maxBytes} before decoding them. */
    public byte[] decode(String data, int maxBytes) {
        if (this == UTF16BE) {
            if ((long) data.length() * 2 > maxBytes + 1L) {
                throw DaemonError.badFormat("chunk larger than " + maxBytes + " bytes");
            }
            return Utf16Packing.decode(data);
        }
        if ((long) data.length() / 4 * 3 > maxBytes + 2L) {
            throw DaemonError.badFormat("chunk larger than " + maxBytes + " bytes");
        }
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw DaemonError.badFormat("data is not valid base64");
        }
    }
}
