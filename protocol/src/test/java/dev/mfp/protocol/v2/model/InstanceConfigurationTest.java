package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.protocol.json.Json;
import org.junit.jupiter.api.Test;

class InstanceConfigurationTest {
    static final String EXPECTED = "{\"instance_id\":\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81\",\"name\":\"Survival\","
            + "\"target\":\"server.jar\",\"instance_type\":\"mc_paper\",\"target_type\":\"jar\",\"version\":\"1.21.4\","
            + "\"input_encoding\":\"utf-8\",\"output_encoding\":\"gbk\",\"java_path\":\"java\","
            + "\"arguments\":[\"-Xmx4G\",\"-Xms1G\"],\"environment_variables\":{\"JAVA_HOME\":\"{JAVA_HOME}\"},"
            + "\"event_rules\":[{\"id\":\"11111111-1111-1111-1111-111111111111\",\"name\":\"r\",\"triggers\":[]}],"
            + "\"console_mode\":\"pty\"}";

    @Test
    void writesTheThirteenMembersRenamedFromV1() {
        var json = Wire.tree(V2Models.configuration(Wire.v1Config(), ConsoleMode.PTY));
        assertThat(json).isEqualTo(Wire.parse(EXPECTED));
        assertThat(Wire.names(json)).containsExactly("instance_id", "name", "target", "instance_type", "target_type",
                "version", "input_encoding", "output_encoding", "java_path", "arguments", "environment_variables",
                "event_rules", "console_mode");
    }

    @Test
    void nullsAreWritten() {
        var json = Wire.tree(new InstanceConfiguration(null, null, null, null, null, null, null, null, null, null,
                null, null, null));
        assertThat(json.size()).isEqualTo(13);
        json.forEach(v -> assertThat(v.isNull()).isTrue());
    }

    @Test
    void inputWithoutConsoleModeDefaultsToPipe() throws Exception {
        String input = EXPECTED.replace(",\"console_mode\":\"pty\"", "");
        InstanceConfiguration c = Json.mapper().readValue(input, InstanceConfiguration.class);
        assertThat(c.consoleMode()).isNull();
        assertThat(c.consoleModeOrDefault()).isEqualTo(ConsoleMode.PIPE);
        assertThat(c.version()).isEqualTo("1.21.4");
        assertThat(c.environmentVariables()).containsEntry("JAVA_HOME", "{JAVA_HOME}");
        assertThat(c.instanceId()).isEqualTo(Wire.ID);
        assertThat(Json.mapper().readValue(EXPECTED, InstanceConfiguration.class).consoleModeOrDefault())
                .isEqualTo(ConsoleMode.PTY);
    }
}
