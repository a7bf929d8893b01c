package dev.mfp.daemon.support;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Test content and its digests (lower-case hex, as the protocols carry them). */
public final class Bytes {
    private Bytes() {
    }

    /** {@code size} pseudo-random bytes, the same for the same seed. */
    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static String sha1(byte[] data) {
        return hex("SHA-1", data);
    }

    public static String sha256(byte[] data) {
        return hex("SHA-256", data);
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
