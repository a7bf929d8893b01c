package dev.mfp.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The server side of the modern Server List Ping (handshake → status request → status response → ping/pong),
 * with VarInt-length-prefixed packets, on the loopback interface.
 */
final class SlpResponder implements AutoCloseable {
    private final ServerSocket socket;
    private final Supplier<String> status;

    private SlpResponder(ServerSocket socket, Supplier<String> status) {
        this.socket = socket;
        this.status = status;
    }

    static SlpResponder start(int port, Supplier<String> status) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        SlpResponder r = new SlpResponder(s, status);
        Thread t = new Thread(r::acceptLoop, "slp-accept");
        t.setDaemon(true);
        t.start();
        return r;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket c = socket.accept();
                Thread t = new Thread(() -> serve(c), "slp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket c) {
        try (c) {
            c.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(c.getInputStream());
            OutputStream out = c.getOutputStream();
            DataInputStream handshake = packet(in);
            if (readVarInt(handshake) != 0) {
                return;
            }
            readVarInt(handshake); // protocol version
            handshake.readNBytes(readVarInt(handshake)); // server address
            handshake.readUnsignedShort();
            if (readVarInt(handshake) != 1) {
                return; // login is not supported by the fake
            }
            while (true) {
                DataInputStream p = packet(in);
                int id = readVarInt(p);
                if (id == 0) {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    writeVarInt(body, 0);
                    byte[] json = status.get().getBytes(StandardCharsets.UTF_8);
                    writeVarInt(body, json.length);
                    body.write(json);
                    send(out, body.toByteArray());
                } else if (id == 1) {
                    long payload = p.readLong();
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    writeVarInt(body, 1);
                    new DataOutputStream(body).writeLong(payload);
                    send(out, body.toByteArray());
                    return;
                } else {
                    return;
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private static DataInputStream packet(DataInputStream in) throws IOException {
        int len = readVarInt(in);
        if (len < 0 || len > 1 << 20) {
            throw new IOException("bad packet length " + len);
        }
        return new DataInputStream(new java.io.ByteArrayInputStream(in.readNBytes(len)));
    }

    private static void send(OutputStream out, byte[] body) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        writeVarInt(frame, body.length);
        frame.write(body);
        out.write(frame.toByteArray());
        out.flush();
    }

    static int readVarInt(InputStream in) throws IOException {
        int value = 0;
        for (int i = 0; i < 5; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("VarInt too long");
    }

    static void writeVarInt(OutputStream out, int value) throws IOException {
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
