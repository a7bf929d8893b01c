package dev.mfp.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.v2.model.ConsoleMode;
import dev.mfp.protocol.v2.model.V2Models;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * v2 models.md §3.1: {@code console_mode} on disk, shared with v1; absent (and never written) for pipe. That the
 * daemon's rewrites keep it is the daemon's {@code ConfigDocumentTest}.
 */
class InstanceConfigConsoleModeTest {
    private static InstanceConfig config() {
        return new InstanceConfig("n", "server.sh", InstanceType.UNIVERSAL, TargetType.SCRIPT, UUID.randomUUID(), "",
                null, null, null, List.of(), Map.of(), List.of(), null, null);
    }

    private static InstanceConfig config(ConsoleMode mode) {
        InstanceConfig c = config();
        return new InstanceConfig(c.name(), c.target(), c.instanceType(), c.targetType(), c.uuid(), c.mcVersion(),
                c.inputEncoding(), c.outputEncoding(), c.javaPath(), c.arguments(), c.env(), c.eventRules(),
                c.autoStart(), c.autoStartDelaySeconds(), mode);
    }

    @Test
    void pipeIsTheDefaultAndIsNotWritten() throws Exception {
        InstanceConfig c = config();
        assertThat(c.consoleMode()).isNull();
        assertThat(c.consoleModeOrDefault()).isEqualTo(ConsoleMode.PIPE);
        assertThat(config(ConsoleMode.PIPE).consoleMode()).isNull();
        assertThat(Json.mapper().valueToTree(c).has("console_mode")).isFalse();
        assertThat(Json.mapper().valueToTree(config(ConsoleMode.PIPE)).has("console_mode")).isFalse();
    }

    @Test
    void ptyRoundTrips() throws Exception {
        InstanceConfig c = config(ConsoleMode.PTY);
        JsonNode json = Json.mapper().valueToTree(c);
        assertThat(json.get("console_mode").asText()).isEqualTo("pty");
        InstanceConfig back = Json.mapper().treeToValue(json, InstanceConfig.class);
        assertThat(back).isEqualTo(c);
        String withoutKey = Json.mapper().writeValueAsString(config());
        assertThat(Json.mapper().readValue(withoutKey, InstanceConfig.class).consoleModeOrDefault())
                .isEqualTo(ConsoleMode.PIPE);
    }

    @Test
    void theV2AdapterReportsTheStoredMode() {
        InstanceConfig c = config(ConsoleMode.PTY);
        var v2 = V2Models.configuration(c, c.consoleModeOrDefault());
        assertThat(v2.consoleMode()).isEqualTo(ConsoleMode.PTY);
    }
}
