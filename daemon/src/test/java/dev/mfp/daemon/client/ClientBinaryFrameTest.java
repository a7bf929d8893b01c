package dev.mfp.daemon.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SDK sends binary frames byte-exact whatever byte order the caller's buffer has. */
class ClientBinaryFrameTest {
    @Test
    void littleEndianBuffersArriveUnscrambled() throws Exception {
        try (TestDaemon d = TestDaemon.start()) {
            MfpClient c = d.client();
            byte[] data = new byte[1000];
            new java.util.Random(3).nextBytes(data);
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(data);
            String hex = java.util.HexFormat.of().formatHex(sha);
            UUID fileId = UUID.fromString(c.call("file_upload_request",
                    Map.of("path", "le.bin", "size", data.length, "sha1", hex)).get("file_id").asText());
            CompletableFuture<JsonNode> ack = new CompletableFuture<>();
            c.onUploadAck(ack::complete);
            ByteBuffer frame = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
            // .NET Guid layout: Data1 (LE int), Data2, Data3 (LE shorts), Data4 as is.
            long msb = fileId.getMostSignificantBits();
            frame.putInt((int) (msb >>> 32)).putShort((short) (msb >>> 16)).putShort((short) msb);
            frame.order(ByteOrder.BIG_ENDIAN).putLong(fileId.getLeastSignificantBits());
            frame.order(ByteOrder.LITTLE_ENDIAN).putLong(0L);
            frame.put(sha).put(data).flip();
            c.sendBinary(frame).get(10, TimeUnit.SECONDS);
            JsonNode a = ack.get(10, TimeUnit.SECONDS);
            assertThat(a.path("error").isMissingNode()).as(a.toString()).isTrue();
            assertThat(a.get("done").asBoolean()).isTrue();
            assertThat(java.nio.file.Files.readAllBytes(d.root().resolve("le.bin"))).isEqualTo(data);
        }
    }
}
