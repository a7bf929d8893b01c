package dev.mfp.daemon.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Small I/O steps the transfer sessions of both protocols share. */
public final class FileIo {
    private FileIo() {
    }

    /**
     * The lower-case hex digest ({@code SHA-1}, {@code SHA-256}) of the first {@code length} bytes of {@code ch},
     * read from position 0. A file shorter than {@code length} is digested as far as it goes, or, with
     * {@code exact}, is an {@link IOException}.
     */
    public static String digest(SeekableByteChannel ch, long length, String algorithm, boolean exact)
            throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        ch.position(0);
        long left = length;
        while (left > 0) {
            buf.clear();
            if (buf.capacity() > left) {
                buf.limit((int) left);
            }
            int n = ch.read(buf);
            if (n < 0) {
                if (exact) {
                    throw new IOException("the file shrank while it was hashed");
                }
                break;
            }
            buf.flip();
            md.update(buf);
            left -= n;
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The attributes of {@code p} itself (a link is not followed); null when it cannot be read. */
    public static BasicFileAttributes lstat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Deletes {@code name} in {@code dir} (may be null) if it can; a file already gone is fine. */
    static void deleteQuietly(AnchoredDir dir, String name) {
        if (dir == null) {
            return;
        }
        try {
            dir.deleteFile(name);
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }

    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }
}
