package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.protocol.model.InstanceInstallMetadata;
import dev.mfp.protocol.model.InstanceStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceSettingsTest {
    private static final Path DIR = Path.of("/srv/mfp/daemon/instances/" + Wire.ID).toAbsolutePath();

    @Test
    void settingsHaveTheV2MembersAndAnAbsoluteWorkingDirectory() {
        var meta = new InstanceInstallMetadata("MCPaper", "uploads/paper.jar", List.of("instances/x/libraries"),
                "server.jar", "2026-08-08T15:24:13+02:00");
        var json = Wire.tree(V2Models.settings(Wire.v1Config(), ConsoleMode.PTY, InstanceStatus.CRASHED, DIR, true,
                meta));
        assertThat(Wire.names(json)).containsExactly("config", "working_directory", "current_target_exists",
                "can_edit", "edit_blocked_reason", "install_metadata");
        assertThat(json.get("config")).isEqualTo(Wire.parse(InstanceConfigurationTest.EXPECTED));
        assertThat(json.get("working_directory").asText()).isEqualTo(DIR.toString());
        assertThat(json.get("current_target_exists").asBoolean()).isTrue();
        assertThat(json.get("can_edit").asBoolean()).isTrue();
        assertThat(json.get("edit_blocked_reason").isNull()).isTrue();
        assertThat(json.get("install_metadata")).isEqualTo(Wire.parse("{\"installer_kind\":\"MCPaper\","
                + "\"installer_source_path\":\"uploads/paper.jar\",\"generated_paths\":[\"instances/x/libraries\"],"
                + "\"resolved_launch_target\":\"server.jar\",\"installed_at\":\"2026-08-08T13:24:13+00:00\"}"));
    }

    @Test
    void aLiveInstanceCannotBeEditedAndMetadataMayBeAbsent() {
        var json = Wire.tree(V2Models.settings(Wire.v1Config(), ConsoleMode.PIPE, InstanceStatus.RUNNING, DIR, false,
                null));
        assertThat(json.get("can_edit").asBoolean()).isFalse();
        assertThat(json.get("edit_blocked_reason").asText()).isEqualTo("Instance is Running");
        assertThat(json.get("install_metadata").isNull()).isTrue();
        assertThat(V2Models.editBlockedReason(InstanceStatus.STARTING)).isEqualTo("Instance is Starting");
        assertThat(V2Models.editBlockedReason(InstanceStatus.STOPPING)).isEqualTo("Instance is Stopping");
        assertThat(V2Models.editBlockedReason(InstanceStatus.STOPPED)).isNull();
    }

    @Test
    void aRelativeWorkingDirectoryIsRefused() {
        assertThatThrownBy(() -> V2Models.settings(Wire.v1Config(), ConsoleMode.PIPE, InstanceStatus.STOPPED,
                Path.of("instances", Wire.ID.toString()), true, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void installedAtIsNormalizedToUtc() {
        var z = new InstanceInstallMetadata("forge_v2", null, List.of(), null, "2026-08-08T13:24:13.123456789Z");
        assertThat(Wire.tree(V2Models.installMetadata(z)).get("installed_at").asText())
                .isEqualTo("2026-08-08T13:24:13.1234567+00:00");
        var bad = new InstanceInstallMetadata("x", null, List.of(), null, "yesterday");
        assertThatThrownBy(() -> V2Models.installMetadata(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsUpdateResultHasItsFiveMembers() {
        var json = Wire.tree(new SettingsUpdateResult(V2Models.configuration(Wire.v1Config(), ConsoleMode.PTY), true,
                false, List.of("libraries"), List.of()));
        assertThat(Wire.names(json)).containsExactly("config", "requires_restart", "reinstalled",
                "deleted_generated_paths", "preserved_original_paths");
    }

    @Test
    void eventRulesResultCarriesTheInstanceIdAndTheStoredRules() {
        var json = Wire.tree(V2Models.eventRules(Wire.v1Config()));
        assertThat(json).isEqualTo(Wire.parse("{\"instance_id\":\"" + Wire.ID + "\",\"rules\":"
                + "[{\"id\":\"11111111-1111-1111-1111-111111111111\",\"name\":\"r\",\"triggers\":[]}]}"));
    }
}
