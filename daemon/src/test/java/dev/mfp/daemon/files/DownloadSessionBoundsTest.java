package dev.mfp.daemon.files;

import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfp.client.MfpClient;
import dev.mfp.daemon.files.download.DownloadManager;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each download session holds an open descriptor: one connection may hold at most
 * {@value DownloadManager#DEFAULT_SESSIONS_PER_CONNECTION} of them (10005 beyond), others are not affected, and
 * closing a session or the connection gives its slots back.
 */
@DaemonTest
class DownloadSessionBoundsTest {
    private static TestDaemon daemon;

    @Test
    void sessionsPerConnectionAreBoundedAndGivenBack() throws Exception {
        int cap = DownloadManager.DEFAULT_SESSIONS_PER_CONNECTION;
        for (int i = 0; i <= cap; i++) {
            Files.writeString(daemon.root().resolve("bounded-" + i + ".txt"), "file " + i);
        }
        MfpClient greedy = daemon.client();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            ids.add(greedy.call("file_download_request", params("path", "bounded-" + i + ".txt"))
                    .get("file_id").asText());
        }
        assertThat(code(() -> greedy.call("file_download_request", params("path", "bounded-" + cap + ".txt"))))
                .isEqualTo(10005);
        // another connection is not affected
        MfpClient other = daemon.client();
        String theirs = other.call("file_download_request", params("path", "bounded-" + cap + ".txt"))
                .get("file_id").asText();
        other.call("file_download_close", params("file_id", theirs));
        // closing one gives its slot back
        greedy.call("file_download_close", params("file_id", ids.remove(0)));
        ids.add(greedy.call("file_download_request", params("path", "bounded-" + cap + ".txt")).get("file_id").asText());
        // closing the connection gives them all back (the sessions end with it)
        greedy.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(daemon.daemon().connections().snapshot()).hasSize(1));
        MfpClient again = daemon.client();
        for (int i = 0; i < cap; i++) {
            again.call("file_download_request", params("path", "bounded-" + i + ".txt"));
        }
    }
}
