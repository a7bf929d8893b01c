package dev.mfp.daemon.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket that writes masked frames without blocking and reads nothing until asked:
 * a peer that never reads its answers. Its receive buffer is small, so the daemon's answers pile up on the daemon.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int PING = 9;

    private final SocketChannel channel;
    private ByteBuffer out = ByteBuffer.allocate(64 * 1024).flip();
    private long written;

    private RawWebSocket(SocketChannel channel) {
        this.channel = channel;
    }

    /** Upgrades with {@code token}; the 101 is read, then the socket turns non-blocking. */
    public static RawWebSocket connect(int port, String token) throws IOException {
        return connect(port, "/api/v1", token);
    }

    /** Upgrades at {@code path} ({@code /api/v1}, {@code /api/v2}) with {@code token}. */
    public static RawWebSocket connect(int port, String path, String token) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        String request = "GET " + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        ch.socket().setSoTimeout(10_000);
        InputStream in = ch.socket().getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed during the upgrade: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String status = head.toString(StandardCharsets.ISO_8859_1);
        if (!status.startsWith("HTTP/1.1 101")) {
            ch.close();
            throw new IOException("upgrade refused: " + status.lines().findFirst().orElse(""));
        }
        ch.configureBlocking(false);
        return new RawWebSocket(ch);
    }

    /** One masked frame. */
    public static byte[] frame(int opcode, boolean fin, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        byte[] f = new byte[header + 4 + n];
        f[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (n < 126) {
            f[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (n >>> 8);
            f[3] = (byte) n;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, f, header, 4);
        for (int i = 0; i < n; i++) {
            f[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return f;
    }

    /** Appends frames to what is waiting to be written. */
    public void queue(byte[] frameBytes) {
        if (out.capacity() - out.remaining() < frameBytes.length) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.remaining() + frameBytes.length));
            grown.put(out).flip();
            out = grown;
        }
        out.compact().put(frameBytes).flip();
    }

    /** Writes what the socket takes now; returns the bytes written by this call. Throws once the daemon closed. */
    public int flush() throws IOException {
        int n = channel.write(out);
        written += n;
        return n;
    }

    /** Bytes queued but not yet taken by the socket. */
    public int unwritten() {
        return out.remaining();
    }

    public long written() {
        return written;
    }

    /**
     * Starts reading: skips every frame the daemon sent until its close frame and returns the close code, or -1 if
     * the connection ended (or {@code timeout} passed) without one.
     */
    public int readCloseCode(Duration timeout) throws IOException {
        channel.configureBlocking(true);
        channel.socket().setSoTimeout((int) timeout.toMillis());
        InputStream in = channel.socket().getInputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return -1;
                }
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = (readByte(in) << 8) | readByte(in);
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | readByte(in);
                    }
                }
                if ((b0 & 0x0F) == 8) {
                    return len >= 2 ? (readByte(in) << 8) | readByte(in) : 1005;
                }
                in.skipNBytes(len);
            }
            return -1;
        } catch (SocketTimeoutException | EOFException e) {
            return -1;
        } catch (IOException e) {
            return -1; // reset by the daemon
        }
    }

    /**
     * Starts reading (blocking): returns the next text message (single-frame, as the daemon sends them), or null if
     * a close frame, the end of the stream or the timeout came first.
     */
    public String readText(Duration timeout) throws IOException {
        channel.configureBlocking(true);
        channel.socket().setSoTimeout((int) timeout.toMillis());
        InputStream in = channel.socket().getInputStream();
        try {
            while (true) {
                int b0 = readByte(in);
                long len = readByte(in) & 0x7F;
                if (len == 126) {
                    len = (readByte(in) << 8) | readByte(in);
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | readByte(in);
                    }
                }
                int op = b0 & 0x0F;
                if (op == 8) {
                    return null;
                }
                byte[] payload = in.readNBytes((int) len);
                if (op == TEXT) {
                    return new String(payload, StandardCharsets.UTF_8);
                }
            }
        } catch (SocketTimeoutException | EOFException e) {
            return null;
        }
    }

    /** Back to non-blocking writes after {@link #readText}. */
    public void writeNonBlocking() throws IOException {
        channel.configureBlocking(false);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
