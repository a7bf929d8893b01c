package dev.mfp.protocol.codec;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * A UUID as the 16 bytes of .NET {@code Guid.ToByteArray()} (transport.md §9): the first three groups
 * little-endian (uint32, uint16, uint16), the last 8 bytes as written.
 * Example: {@code 00112233-4455-6677-8899-aabbccddeeff} → {@code 33 22 11 00 55 44 77 66 88 99 aa bb cc dd ee ff}.
 */
public final class DotNetGuid {
    public static final int BYTES = 16;
    /** Byte i of the .NET form is byte ORDER[i] of the RFC 4122 (big-endian) form. */
    private static final int[] ORDER = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};

    private DotNetGuid() {
    }

    public static byte[] toBytes(UUID id) {
        byte[] be = new byte[BYTES];
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            be[i] = (byte) (msb >>> (56 - 8 * i));
            be[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        byte[] out = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            out[i] = be[ORDER[i]];
        }
        return out;
    }

    /** Reads 16 bytes at the buffer's position and advances it. */
    public static UUID read(ByteBuffer in) {
        byte[] net = new byte[BYTES];
        in.get(net);
        byte[] be = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            be[ORDER[i]] = net[i];
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (be[i] & 0xFF);
            lsb = (lsb << 8) | (be[8 + i] & 0xFF);
        }
        return new UUID(msb, lsb);
    }
}
