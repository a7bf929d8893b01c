package dev.mfp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 item 3: {@code log_format: "json"} makes the console and the log file JSON lines; a wrong value stops the start. */
class LogFormatTest {
    private static Process daemon(Path work) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--port", "0", "--bind", "127.0.0.1", "--dir", work.toString())
                .redirectErrorStream(true).start();
    }

    @Test
    void jsonLinesOnTheConsoleAndInTheFile(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("config.json"), "{\"log_format\":\"json\"}");
        Process p = daemon(work);
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                if (l.startsWith("{")) {
                    JsonNode n = Json.mapper().readTree(l);
                    lines.add(n);
                    if ("ready".equals(n.path("message").asText())) {
                        break;
                    }
                }
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lines).isNotEmpty();
        assertThat(lines).anyMatch(n -> n.path("message").asText().equals("ready")
                && n.path("level").asText().equals("INFO") && n.has("timestamp") && n.has("loggerName"));
        List<String> file = Files.readAllLines(work.resolve("daemon/logs/daemon.log"));
        assertThat(file).isNotEmpty().allMatch(l -> l.startsWith("{"));
        String token = Json.mapper().readTree(work.resolve("config.json").toFile()).get("main_token").asText();
        assertThat(String.join("\n", file)).doesNotContain(token);
    }

    @Test
    void anUnknownFormatRefusesTheStart(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("config.json"), "{\"log_format\":\"xml\"}");
        Process p = daemon(work);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("log_format");
    }
}
