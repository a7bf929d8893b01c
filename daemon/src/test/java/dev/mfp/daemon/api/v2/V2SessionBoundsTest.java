package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A connection that opens session after session meets the same bounds as on v1 (file_upload_sessions_per_connection
 * 8, file_download_sessions 3): the next open is refused, and ending one frees its slot.
 */
@DaemonTest
class V2SessionBoundsTest {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static TestDaemon daemon;

    @Test
    void uploadSessionsPerConnectionAreBounded() {
        MfpV2Client c = daemon.v2();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(c.call("mcsl.file.upload.open", Map.of("path", "bounds/up-" + i + ".bin", "length", 1 << 20,
                    "sha256", EMPTY_SHA256)).get("session_id").asText());
        }
        assertThatThrownBy(() -> c.call("mcsl.file.upload.open", Map.of("path", "bounds/up-8.bin", "length", 1,
                "sha256", EMPTY_SHA256))).isInstanceOfSatisfying(MfpV2Exception.class, e -> {
                    assertThat(e.daemonErrorCode()).isEqualTo("file.upload.limit");
                    assertThat(e.kind()).isEqualTo("conflict");
                });
        assertThat(daemon.root().resolve("bounds/.up-8.bin")).doesNotExist();
        // another connection has slots of its own
        assertThat(daemon.v2().call("mcsl.file.upload.open", Map.of("path", "bounds/other.bin", "length", 0,
                "sha256", EMPTY_SHA256)).has("session_id")).isTrue();
        c.call("mcsl.file.upload.cancel", Map.of("session_id", ids.get(0)));
        assertThat(c.call("mcsl.file.upload.open", Map.of("path", "bounds/up-8.bin", "length", 1,
                "sha256", EMPTY_SHA256)).has("session_id")).isTrue();
    }

    @Test
    void downloadSessionsPerConnectionAreBounded() throws Exception {
        Files.createDirectories(daemon.root().resolve("bounds"));
        Files.writeString(daemon.root().resolve("bounds/d.txt"), "data");
        MfpV2Client c = daemon.v2();
        List<JsonNode> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(c.call("mcsl.file.download.open", Map.of("path", "bounds/d.txt")));
        }
        assertThatThrownBy(() -> c.call("mcsl.file.download.open", Map.of("path", "bounds/d.txt")))
                .isInstanceOfSatisfying(MfpV2Exception.class,
                        e -> assertThat(e.daemonErrorCode()).isEqualTo("file.download.limit"));
        c.call("mcsl.file.download.close", Map.of("session_id", open.get(0).get("session_id").asText()));
        assertThat(c.call("mcsl.file.download.open", Map.of("path", "bounds/d.txt")).has("session_id")).isTrue();
    }
}
