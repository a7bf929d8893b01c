package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.protocol.json.Json;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventsTest {
    /** events.md §1, the {@code params} of the first example. */
    private static final String LOG_EXAMPLE = "{\"sequence\":41,\"timestamp\":1783677000001,\"meta\":{\"instance_id\":"
            + "\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81\"},\"data\":{\"log\":\"[12:00:09] [Server thread/INFO]: Done "
            + "(7.512s)! For help, type \\\"help\\\"\"}}";
    private static final UUID RULE = UUID.fromString("22222222-2222-2222-2222-222222222222");

    @Test
    void instanceLogMatchesTheSpecExampleInMemberOrder() {
        var params = new EventParams(41, 1783677000001L, new InstanceMeta(Wire.ID),
                new InstanceLogData("[12:00:09] [Server thread/INFO]: Done (7.512s)! For help, type \"help\""));
        assertThat(Wire.tree(params)).isEqualTo(Wire.parse(LOG_EXAMPLE));
        assertThat(Wire.text(params)).isEqualTo(LOG_EXAMPLE);
    }

    @Test
    void daemonReportHasNoMetaMember() {
        var params = new EventParams(42, 1783677003000L, null,
                new DaemonReportData(SystemInfoTest.example(), 1783670000000L));
        var json = Wire.tree(params);
        assertThat(Wire.names(json)).containsExactly("sequence", "timestamp", "data");
        assertThat(json.get("data")).isEqualTo(Wire.parse("{\"system_info\":" + SystemInfoTest.EXAMPLE
                + ",\"start_timestamp\":1783670000000}"));
    }

    @Test
    void notificationMetaAndData() {
        var params = new EventParams(43, 1L, new NotificationMeta(Wire.ID, RULE),
                new NotificationData("Backup", "done", "Success"));
        assertThat(Wire.tree(params)).isEqualTo(Wire.parse("{\"sequence\":43,\"timestamp\":1,\"meta\":"
                + "{\"source_instance_id\":\"" + Wire.ID + "\",\"rule_id\":\"" + RULE + "\"},\"data\":"
                + "{\"title\":\"Backup\",\"message\":\"done\",\"severity\":\"Success\"}}"));
    }

    @Test
    void notificationMetaRefusesMissingAndZeroIds() throws Exception {
        UUID zero = new UUID(0, 0);
        assertThatThrownBy(() -> new NotificationMeta(zero, RULE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NotificationMeta(Wire.ID, zero)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NotificationMeta(null, RULE)).isInstanceOf(NullPointerException.class);
        assertThat(Json.mapper().readValue("{\"source_instance_id\":\"" + Wire.ID.toString().toUpperCase()
                + "\",\"rule_id\":\"" + RULE + "\"}", NotificationMeta.class)).isEqualTo(new NotificationMeta(Wire.ID,
                RULE));
    }

    @Test
    void instanceLogNullsAreWritten() {
        assertThat(Wire.text(new InstanceLogData(null))).isEqualTo("{\"log\":null}");
        assertThat(Wire.text(new InstanceMeta(null))).isEqualTo("{\"instance_id\":null}");
    }
}
