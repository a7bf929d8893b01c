package dev.mfp.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpException;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 12 item 3: a state-changing action is logged once at INFO with who did it, never with a token. */
@DaemonTest
class ActionLogTest {
    private static TestDaemon daemon;

    @Test
    void changesAreLoggedWithTheTokenIdentityAndNothingSecret() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ActionLog.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            MfpClient main = daemon.client();
            main.call("create_directory", Map.of("path", "logged/dir"));
            String token = daemon.subtoken("mcsl.daemon.file.**", 120);
            String jti = Json.mapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("jti")
                    .asText();
            MfpClient sub = daemon.connect(token);
            sub.call("rename_directory", Map.of("path", "logged/dir", "new_name", "renamed"));
            sub.call("get_directory_info", Map.of("path", "logged")); // a read: not logged
            try {
                sub.call("delete_file", Map.of("path", "logged/none.txt")); // a failure: not logged
            } catch (MfpException expected) {
                assertThat(expected.code()).isEqualTo(21001);
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(messages(lines)).hasSize(2));
            assertThat(messages(lines)).containsExactly(
                    "create_directory by the main token: path=logged/dir",
                    "rename_directory by subtoken " + jti + ": path=logged/dir new_name=renamed");
            assertThat(String.join("\n", messages(lines))).doesNotContain(token, daemon.mainToken());
            assertThat(lines.list).allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO);
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void mintingATokenIsLoggedWithItsIdNeverTheToken() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(dev.mfp.daemon.auth.TokenService.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            String token = daemon.subtoken("mcsl.daemon.java_list", 60);
            String jti = Json.mapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("jti")
                    .asText();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(messages(lines)).hasSize(1));
            assertThat(messages(lines).get(0)).isEqualTo("subtoken " + jti
                    + " minted with the main token: permissions=mcsl.daemon.java_list expires in 60 s");
            assertThat(messages(lines).get(0)).doesNotContain(token, daemon.mainToken());
        } finally {
            logger.detachAppender(lines);
        }
    }

    private static List<String> messages(ListAppender<ILoggingEvent> lines) {
        return List.copyOf(lines.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
