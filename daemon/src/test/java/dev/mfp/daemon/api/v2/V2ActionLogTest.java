package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 12 item 3 on v2: a successful change is logged once at INFO with the caller's subject, never a token. */
@DaemonTest
class V2ActionLogTest {
    private static TestDaemon daemon;

    @Test
    void changesAreLoggedWithTheSubjectAndNothingSecret() {
        Logger logger = (Logger) LoggerFactory.getLogger(V2ActionLog.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            MfpV2Client main = daemon.v2();
            main.call("mcsl.directory.create", Map.of("path", "logged2/dir"));
            JsonNode issued = main.call("mcsl.auth.token.issue", Map.of("subject", "ci-bot", "audience",
                    "mcsl://daemon/api/v2", "permissions", List.of("mcsl.directory.**"), "ttl_seconds", 120));
            MfpV2Client bot = daemon.connectV2(issued.get("token").asText());
            bot.call("mcsl.directory.rename", Map.of("path", "logged2/dir", "new_name", "renamed"));
            bot.call("mcsl.directory.info.get", Map.of("path", "logged2")); // a read: not logged
            try {
                bot.call("mcsl.directory.delete", Map.of("path", "logged2/none", "recursive", false));
            } catch (MfpV2Exception expected) {
                assertThat(expected.daemonErrorCode()).isEqualTo("file.not_found"); // a failure: not logged
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(messages(lines)).hasSize(3));
            assertThat(messages(lines)).containsExactly(
                    "mcsl.directory.create by daemon-main: path=logged2/dir",
                    "mcsl.auth.token.issue by daemon-main: subject=ci-bot",
                    "mcsl.directory.rename by ci-bot: path=logged2/dir new_name=renamed");
            assertThat(String.join("\n", messages(lines))).doesNotContain(issued.get("token").asText(),
                    daemon.mainToken());
        } finally {
            logger.detachAppender(lines);
        }
    }

    private static List<String> messages(ListAppender<ILoggingEvent> lines) {
        return List.copyOf(lines.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
