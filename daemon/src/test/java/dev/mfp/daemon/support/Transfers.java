package dev.mfp.daemon.support;

import static dev.mfp.daemon.support.Bytes.sha1;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.protocol.codec.DotNetGuid;
import dev.mfp.protocol.codec.Utf16Packing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test-side client logic for uploads and downloads, written from the spec (no daemon classes used). */
public final class Transfers {
    public static final int MIB = 1 << 20;

    public enum Mode { UTF16BE, BASE64, BINARY }

    private final MfpClient client;
    private final BlockingQueue<JsonNode> acks = new LinkedBlockingQueue<>();

    public Transfers(MfpClient client) {
        this.client = client;
        client.onUploadAck(acks::add);
    }

    public UUID request(String path, long size, String sha1, Mode mode) {
        ObjectNode p = params("path", path, "size", size, "sha1", sha1);
        if (mode == Mode.BASE64) {
            p.put("encoding", "base64");
        } else if (mode == Mode.UTF16BE) {
            p.put("encoding", "utf16be");
        }
        return UUID.fromString(client.call("file_upload_request", p).get("file_id").asText());
    }

    /** Sends one chunk; returns {done, received} (ack members for binary frames) or throws MfpException. */
    public JsonNode chunk(UUID id, long offset, byte[] data, int from, int to, Mode mode) throws InterruptedException {
        if (mode == Mode.BINARY) {
            client.sendBinary(frame(id, offset, Arrays.copyOfRange(data, from, to), null));
            JsonNode ack = acks.poll(30, TimeUnit.SECONDS);
            assertThat(ack).as("binary ack").isNotNull();
            assertThat(ack.get("file_id").asText()).isEqualTo(id.toString());
            if (ack.has("error")) {
                throw new AssertionError("binary chunk failed: " + ack);
            }
            return ack;
        }
        String encoded = mode == Mode.BASE64
                ? Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, from, to))
                : Utf16Packing.encode(data, from, to - from);
        return client.call("file_upload_chunk", params("file_id", id.toString(), "offset", offset, "data", encoded));
    }

    public JsonNode nextAck() throws InterruptedException {
        return acks.poll(30, TimeUnit.SECONDS);
    }

    public static ByteBuffer frame(UUID id, long offset, byte[] data, byte[] sha1Override) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length);
        b.put(DotNetGuid.toBytes(id));
        b.order(ByteOrder.LITTLE_ENDIAN).putLong(offset).order(ByteOrder.BIG_ENDIAN);
        b.put(sha1Override != null ? sha1Override : HexFormat.of().parseHex(sha1(data)));
        b.put(data);
        return b.flip();
    }

    /** Whole upload in 1 MiB chunks, in order; returns the final response. */
    public JsonNode upload(String path, byte[] data, Mode mode) throws InterruptedException {
        UUID id = request(path, data.length, sha1(data), mode);
        if (data.length == 0) {
            return chunk(id, 0, data, 0, 0, mode);
        }
        JsonNode last = null;
        for (int off = 0; off < data.length; off += MIB) {
            last = chunk(id, off, data, off, Math.min(data.length, off + MIB), mode);
        }
        return last;
    }

    /** Whole download in 1 MiB ranges; checks size and sha1 against what was read. */
    public byte[] download(String path) {
        JsonNode open = client.call("file_download_request", params("path", path));
        String id = open.get("file_id").asText();
        int size = (int) open.get("size").asLong();
        byte[] out = new byte[size];
        for (int from = 0; from < size; from += MIB) {
            int to = Math.min(size, from + MIB);
            byte[] got = Utf16Packing.decode(client.call("file_download_range",
                    params("file_id", id, "range", from + ".." + to)).get("content").asText());
            assertThat(got.length).isEqualTo((to - from + 1) / 2 * 2);
            System.arraycopy(got, 0, out, from, to - from);
        }
        if (size == 0) {
            assertThat(client.call("file_download_range", params("file_id", id, "range", "0..0")).get("content")
                    .asText()).isEmpty();
        }
        client.call("file_download_close", params("file_id", id));
        assertThat(open.get("sha1").asText()).isEqualTo(sha1(out));
        return out;
    }

    public static Duration generous() {
        return Duration.ofSeconds(20);
    }
}
