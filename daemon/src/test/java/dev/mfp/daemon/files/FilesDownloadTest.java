package dev.mfp.daemon.files;

import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.codeOf;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.Bytes;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.Transfers;
import dev.mfp.protocol.codec.Utf16Packing;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Download sessions: actions.md §12–14, files-and-instances.md §4. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DaemonTest
class FilesDownloadTest {
    private TestDaemon daemon;
    @MainClient
    private MfpClient c;

    @BeforeAll
    void start() throws Exception {
        Files.write(daemon.root().resolve("five.bin"), new byte[] {'[', '2', '0', '2', 'X'});
        Files.createDirectories(daemon.root().resolve("d"));
    }

    private String open(String path) {
        return c.call("file_download_request", params("path", path)).get("file_id").asText();
    }

    private int range(String id, Object range) {
        return codeOf(() -> c.call("file_download_range", params("file_id", id, "range", range)));
    }

    @Test
    void sizeSha1AndRangesIncludingTheLastByte() {
        JsonNode o = c.call("file_download_request", params("path", "five.bin", "timeout", 60000));
        assertThat(o.get("size").asLong()).isEqualTo(5);
        assertThat(o.get("sha1").asText()).isEqualTo(Bytes.sha1(new byte[] {'[', '2', '0', '2', 'X'}));
        String id = o.get("file_id").asText();
        assertThat(c.call("file_download_range", params("file_id", id, "range", "0..4")).get("content").asText())
                .isEqualTo("\u5b32\u3032");
        // odd length padded with one zero byte; b = size accepted
        assertThat(Utf16Packing.decode(c.call("file_download_range", params("file_id", id, "range", "4..5"))
                .get("content").asText())).containsExactly('X', 0);
        assertThat(c.call("file_download_chunk", params("file_id", id, "range", "5..5")).get("content").asText())
                .isEmpty();
        assertThat(Utf16Packing.decode(c.call("file_download_range", params("file_id", id, "range", "1..4"))
                .get("content").asText())).containsExactly('2', '0', '2', 0);
        c.call("file_download_close", params("file_id", id));
        assertThat(code(() -> c.call("file_download_close", params("file_id", id)))).isEqualTo(21105);
        assertThat(range(id, "0..1")).isEqualTo(21105);
    }

    @Test
    void errors() throws Exception {
        assertThat(code(() -> c.call("file_download_request", params()))).isEqualTo(11001);
        assertThat(code(() -> c.call("file_download_request", params("path", 1)))).isEqualTo(11001);
        assertThat(code(() -> c.call("file_download_request", params("path", "five.bin", "timeout", 0))))
                .isEqualTo(11002);
        assertThat(code(() -> c.call("file_download_request", params("path", "nope")))).isEqualTo(21001);
        assertThat(code(() -> c.call("file_download_request", params("path", "d")))).isEqualTo(21004);
        assertThat(code(() -> c.call("file_download_request", params("path", "../config.json")))).isEqualTo(21006);
        String id = open("five.bin");
        for (String bad : new String[] {"", "0-1", "0..", "..1", "a..b", "-1..2", "0..1..2", " 0..1", "0..1 "}) {
            assertThat(range(id, bad)).as(bad).isEqualTo(11002);
        }
        assertThat(range(id, 5)).isEqualTo(11001);
        assertThat(range(id, "3..2")).isEqualTo(11002);
        assertThat(range(id, "0..6")).isEqualTo(11002);
        assertThat(range(id, "6..6")).isEqualTo(11002);
        assertThat(range(id, "0..99999999999999999999999")).isEqualTo(11002);
        assertThat(range(java.util.UUID.randomUUID().toString(), "0..1")).isEqualTo(21105);
        assertThat(range("garbage", "0..1")).isEqualTo(21105);
        assertThat(code(() -> c.call("file_download_close", params("file_id", "garbage")))).isEqualTo(21105);
        c.call("file_download_close", params("file_id", id));
    }

    @Test
    void rangeLimitIsOneMiB() throws Exception {
        Files.write(daemon.root().resolve("big.bin"), new byte[(1 << 20) + 10]);
        String id = open("big.bin");
        assertThat(range(id, "0..1048576")).isZero();
        assertThat(range(id, "10..1048586")).isZero();
        assertThat(range(id, "0..1048577")).isEqualTo(11002);
        c.call("file_download_close", params("file_id", id));
    }

    @Test
    void perFileSessionLimitAndDisconnect() throws Exception {
        Files.write(daemon.root().resolve("lim.bin"), new byte[3]);
        MfpClient other = daemon.client();
        for (int i = 0; i < 3; i++) {
            other.call("file_download_request", params("path", "lim.bin"));
        }
        assertThat(code(() -> c.call("file_download_request", params("path", "lim.bin")))).isEqualTo(10005);
        assertThat(code(() -> c.call("file_download_request", params("path", "/./lim.bin")))).isEqualTo(10005);
        String other1 = open("five.bin"); // other files are not affected
        c.call("file_download_close", params("file_id", other1));
        other.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> codeOf(() -> c.call("file_download_close",
                params("file_id", open("lim.bin")))) == 0);
    }

    @Test
    void idleSessionsAreClosed() throws Exception {
        Files.write(daemon.root().resolve("idle.bin"), new byte[3]);
        String id = null;
        for (int i = 0; i < 3; i++) {
            id = c.call("file_download_request", params("path", "idle.bin", "timeout", 100)).get("file_id").asText();
        }
        // polling with new requests does not touch the idle sessions; a free slot means they were swept
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> codeOf(() -> c.call("file_download_close", params("file_id",
                        c.call("file_download_request", params("path", "idle.bin")).get("file_id").asText()))) == 0);
        assertThat(range(id, "0..1")).isEqualTo(21105);
    }

    @Test
    void fileInAnOpenUploadIsInUse() throws Exception {
        Files.write(daemon.root().resolve("up.bin"), new byte[2]);
        c.call("file_upload_request", params("path", "up.bin", "size", 4));
        assertThat(code(() -> c.call("file_download_request", params("path", "up.bin")))).isEqualTo(21003);
    }
}
