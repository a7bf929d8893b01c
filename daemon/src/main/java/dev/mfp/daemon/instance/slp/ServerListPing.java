package dev.mfp.daemon.instance.slp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.json.LenientUuidDeserializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Client of the modern Server List Ping: handshake (protocol −1, next state 1) and status request, packets framed
 * by a VarInt length; the status JSON's {@code players.sample} becomes the player list. Bounded by a timeout on
 * connect and every read.
 */
public final class ServerListPing {
    private static final int MAX_PACKET = 1 << 21;

    private ServerListPing() {
    }

    /** The status JSON; throws IOException on any failure. */
    public static JsonNode status(String host, int port, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), millis);
            s.setSoTimeout(millis);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream handshake = new ByteArrayOutputStream();
            writeVarInt(handshake, 0x00);
            writeVarInt(handshake, -1);
            writeString(handshake, host);
            handshake.write((port >> 8) & 0xFF);
            handshake.write(port & 0xFF);
            writeVarInt(handshake, 1);
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frame(frames, handshake.toByteArray());
            frame(frames, new byte[] {0x00});
            out.write(frames.toByteArray());
            out.flush();

            InputStream in = s.getInputStream();
            int len = readVarInt(in);
            if (len <= 0 || len > MAX_PACKET) {
                throw new IOException("bad status packet length " + len);
            }
            DataInputStream packet = new DataInputStream(new ByteArrayInputStream(readFully(in, len)));
            if (readVarInt(packet) != 0x00) {
                throw new IOException("unexpected packet id");
            }
            int jsonLen = readVarInt(packet);
            if (jsonLen < 0 || jsonLen > len) {
                throw new IOException("bad status string length " + jsonLen);
            }
            return Json.mapper().readTree(new String(readFully(packet, jsonLen), StandardCharsets.UTF_8));
        }
    }

    /** {@code players.sample} as players; empty on any failure. */
    public static List<OnlinePlayer> players(String host, int port, Duration timeout) {
        try {
            return players(status(host, port, timeout));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    public static List<OnlinePlayer> players(JsonNode status) {
        List<OnlinePlayer> out = new ArrayList<>();
        for (JsonNode p : status.path("players").path("sample")) {
            String name = p.path("name").asText("");
            String id = p.path("id").asText("");
            out.add(new OnlinePlayer(name, LenientUuidDeserializer.parseLenient(id)));
        }
        return out;
    }

    private static void frame(OutputStream out, byte[] body) throws IOException {
        writeVarInt(out, body.length);
        out.write(body);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return b;
    }

    static void writeString(OutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(out, b.length);
        out.write(b);
    }

    public static void writeVarInt(OutputStream out, int value) throws IOException {
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    public static int readVarInt(InputStream in) throws IOException {
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
        throw new IOException("VarInt is longer than 5 bytes");
    }
}
