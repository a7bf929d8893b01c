package dev.mfp.daemon.files;

import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.Bytes;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.Transfers;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Resumable uploads (v2 extensions.md §6, on v1): a session opened with {@code resumable: true} survives the loss of
 * its connection, {@code file_upload_status} tells another connection what was received, and that connection
 * completes it; a plain session still ends with its connection.
 */
@DaemonTest
class ResumableUploadTest {
    private static TestDaemon daemon;

    @Test
    void aResumableUploadIsFinishedByAnotherConnection() throws Exception {
        byte[] data = Bytes.random(3000, 42);
        MfpClient first = daemon.client();
        String id = first.call("file_upload_request", params("path", "resumed/world.bin", "size", data.length,
                "sha1", Bytes.sha1(data), "encoding", "base64", "resumable", true, "timeout", 60_000))
                .get("file_id").asText();
        chunk(first, id, data, 0, 1000);
        chunk(first, id, data, 2000, 3000);
        // a plain session of the same connection: once it is gone, the daemon has handled the connection's end
        String canary = first.call("file_upload_request", params("path", "resumed/canary.bin", "size", 10,
                "encoding", "base64")).get("file_id").asText();
        first.abort(); // the network is pulled

        MfpClient second = daemon.client();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(code(() -> second.call("file_upload_status", params("file_id", canary)))).isEqualTo(21102));
        JsonNode status = second.call("file_upload_status", params("file_id", id));
        assertThat(status.get("size").asLong()).isEqualTo(3000);
        assertThat(status.get("received").toString()).isEqualTo("[\"0..1000\",\"2000..3000\"]");
        assertThat(status.get("expires_in_ms").asLong()).isBetween(1L, 60_000L);
        JsonNode last = chunk(second, id, data, 1000, 2000);
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(daemon.root().resolve("resumed/world.bin")).hasBinaryContent(data);
        assertThat(code(() -> second.call("file_upload_status", params("file_id", id)))).as("done").isEqualTo(21102);
    }

    @Test
    void aPlainUploadStillEndsWithItsConnection() throws Exception {
        byte[] data = Bytes.random(2000, 7);
        MfpClient first = daemon.client();
        String id = first.call("file_upload_request", params("path", "plain/world.bin", "size", data.length,
                "encoding", "base64")).get("file_id").asText();
        chunk(first, id, data, 0, 1000);
        assertThat(first.call("file_upload_status", params("file_id", id)).get("received").toString())
                .isEqualTo("[\"0..1000\"]");
        first.abort();
        MfpClient second = daemon.client();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(code(() -> second.call("file_upload_status", params("file_id", id)))).isEqualTo(21102));
        assertThat(code(() -> second.call("file_upload_status", params("file_id", UUID.randomUUID().toString()))))
                .isEqualTo(21102);
    }

    private static JsonNode chunk(MfpClient c, String id, byte[] data, int from, int to) {
        return c.call("file_upload_chunk", params("file_id", id, "offset", from,
                "data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, from, to))));
    }
}
