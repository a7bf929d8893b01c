package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.protocol.model.InstanceStatus;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InstanceReportTest {
    private static final UUID STEVE = UUID.fromString("8667ba71-b85a-4004-af54-457a9734eed7");

    private static InstanceReport running(ConsoleMode consoleMode, Integer processId, boolean readyTimedOut) {
        return new InstanceReport(InstanceStatus.RUNNING, V2Models.configuration(Wire.v1Config(), consoleMode),
                Map.of("server-port", "25565"), List.of(new InstancePlayer("Steve", STEVE)),
                new InstancePerformance(12.5, 1_073_741_824L), processId, readyTimedOut);
    }

    @Test
    void reportHasTheV2Members() {
        var json = Wire.tree(running(ConsoleMode.PIPE, 4242, true));
        assertThat(Wire.names(json)).containsExactly("status", "config", "properties", "players",
                "performance_counter", "process_id", "ready_timed_out");
        assertThat(json.get("status").asText()).isEqualTo("running");
        assertThat(json.get("config")).isEqualTo(
                Wire.parse(InstanceConfigurationTest.EXPECTED.replace("\"pty\"", "\"pipe\"")));
        assertThat(json.get("properties")).isEqualTo(Wire.parse("{\"server-port\":\"25565\"}"));
        assertThat(json.get("players")).isEqualTo(
                Wire.parse("[{\"name\":\"Steve\",\"uuid\":\"8667ba71-b85a-4004-af54-457a9734eed7\"}]"));
        assertThat(json.get("performance_counter")).isEqualTo(
                Wire.parse("{\"cpu\":12.5,\"memory_bytes\":1073741824}"));
        assertThat(json.get("process_id").isInt()).isTrue();
        assertThat(json.get("process_id").asInt()).isEqualTo(4242);
        assertThat(json.get("ready_timed_out").asBoolean()).isTrue();
    }

    @Test
    void withoutAProcessTheIdIsNullAndTheFlagIsStillWritten() {
        var stopped = new InstanceReport(InstanceStatus.STOPPED, V2Models.configuration(Wire.v1Config(),
                ConsoleMode.PIPE), Map.of(), List.of(), new InstancePerformance(0.0, 0L), null, false);
        var json = Wire.tree(stopped);
        assertThat(json.get("process_id").isNull()).isTrue();
        assertThat(json.get("ready_timed_out").asBoolean()).isFalse();
        assertThat(json.get("properties")).isEqualTo(Wire.parse("{}"));
        assertThat(json.get("players")).isEqualTo(Wire.parse("[]"));
        assertThat(json.get("performance_counter")).isEqualTo(Wire.parse("{\"cpu\":0.0,\"memory_bytes\":0}"));
    }

    @Test
    void reportListIsKeyedByTheLowerCaseId() {
        var list = new InstanceReportList(Map.of(Wire.ID, running(ConsoleMode.PTY, null, false)));
        var json = Wire.tree(list);
        assertThat(Wire.names(json)).containsExactly("reports");
        assertThat(Wire.names(json.get("reports"))).containsExactly(Wire.ID.toString());
    }

    @Test
    void createResultWrapsTheConfiguration() {
        var json = Wire.tree(new InstanceConfigResult(V2Models.configuration(Wire.v1Config(), ConsoleMode.PTY)));
        assertThat(json).isEqualTo(Wire.parse("{\"config\":" + InstanceConfigurationTest.EXPECTED + "}"));
    }
}
