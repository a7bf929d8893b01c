package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.model.InstanceConfig;
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
    void toV1MapsBackAndKeepsTheAutoStartMembersOfThePreviousConfiguration() {
        InstanceConfig v1 = Wire.v1Config();
        InstanceConfiguration v2 = V2Models.configuration(v1, ConsoleMode.PIPE);
        assertThat(V2Models.toV1(v2, v1)).isEqualTo(v1);
        InstanceConfig fresh = V2Models.toV1(v2);
        assertThat(fresh.autoStart()).isFalse();
        assertThat(fresh.autoStartDelaySeconds()).isZero();
        assertThat(fresh.withAutoStart(true, 30)).isEqualTo(v1);
    }

    @Test
    void inputWithoutConsoleModeDefaultsToPipe() throws Exception {
        String input = EXPECTED.replace(",\"console_mode\":\"pty\"", "");
        InstanceConfiguration c = Json.mapper().readValue(input, InstanceConfiguration.class);
        assertThat(c.consoleMode()).isNull();
        assertThat(c.consoleModeOrDefault()).isEqualTo(ConsoleMode.PIPE);
        assertThat(V2Models.toV1(c).mcVersion()).isEqualTo("1.21.4");
        assertThat(V2Models.toV1(c).env()).containsEntry("JAVA_HOME", "{JAVA_HOME}");
        assertThat(V2Models.toV1(c).uuid()).isEqualTo(Wire.ID);
        assertThat(Json.mapper().readValue(EXPECTED, InstanceConfiguration.class).consoleModeOrDefault())
                .isEqualTo(ConsoleMode.PTY);
    }

    @Test
    void eventRulesThatAreNoArrayAreRejectedByToV1() throws Exception {
        for (String rules : new String[] {"null", "{}", "\"x\""}) {
            InstanceConfiguration c = Json.mapper().readValue(
                    EXPECTED.replaceFirst("\"event_rules\":\\[.*?\\]\\}\\]", "\"event_rules\":" + rules),
                    InstanceConfiguration.class);
            assertThatThrownBy(() -> V2Models.toV1(c)).isInstanceOf(IllegalArgumentException.class);
        }
        var noRules = V2Models.configuration(Wire.v1Config(), ConsoleMode.PIPE);
        var empty = new InstanceConfiguration(noRules.instanceId(), noRules.name(), noRules.target(),
                noRules.instanceType(), noRules.targetType(), noRules.version(), noRules.inputEncoding(),
                noRules.outputEncoding(), noRules.javaPath(), noRules.arguments(), noRules.environmentVariables(),
                JsonNodeFactory.instance.arrayNode(), null);
        assertThat(V2Models.toV1(empty).eventRules()).isEmpty();
    }
}
