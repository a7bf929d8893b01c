package dev.mfp.daemon.instance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.instance.rules.RuleDocument;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceInstallMetadata;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.model.TargetType;
import dev.mfp.protocol.v2.model.ConsoleMode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The core's instance values and the spec's documents of daemon_instance.json and the install metadata. */
class ConfigDocumentTest {
    private static final String FILE = "{\"name\":\"n\",\"target\":\"server.sh\",\"instance_type\":\"universal\","
            + "\"target_type\":\"script\",\"uuid\":\"" + UUID.randomUUID() + "\",\"mc_version\":\"\","
            + "\"input_encoding\":\"gbk\",\"output_encoding\":\"utf-8\",\"java_path\":\"\",\"arguments\":[\"-a\"],"
            + "\"env\":{\"B\":\"2\",\"A\":\"1\"},\"event_rules\":[{\"name\":\"r\",\"unknown_member\":{\"x\":[1,2.50,"
            + "\"\\u00e9\"]},\"triggers\":[]},{\"name\":\"second\"}],\"auto_start\":true,"
            + "\"auto_start_delay_seconds\":4";

    private static InstanceConfig read(String json) throws Exception {
        return Json.mapper().readValue(json, InstanceConfig.class);
    }

    @Test
    void theFileReadsIntoTheSpecAndWritesBackTheSameDocument() throws Exception {
        InstanceConfig doc = read(FILE + ",\"console_mode\":\"pty\"}");
        InstanceSpec spec = ConfigDocument.spec(doc);
        assertThat(spec.consoleMode()).isEqualTo(ConsoleMode.PTY);
        assertThat(spec.autoStart()).isTrue();
        assertThat(spec.autoStartDelaySeconds()).isEqualTo(4);
        assertThat(spec.env().keySet()).containsExactly("B", "A");
        assertThat(spec.rules()).hasSize(2);
        JsonNode back = Json.mapper().valueToTree(ConfigDocument.document(spec));
        assertThat(back).isEqualTo(Json.mapper().valueToTree(doc));
        assertThat(back.get("event_rules").get(0).get("unknown_member"))
                .as("members the daemon does not know are kept verbatim")
                .isEqualTo(Json.mapper().readTree("{\"x\":[1,2.50,\"\\u00e9\"]}"));
    }

    @Test
    void pipeIsTheDefaultAndIsNotWritten() throws Exception {
        InstanceSpec spec = ConfigDocument.spec(read(FILE + "}"));
        assertThat(spec.consoleMode()).isEqualTo(ConsoleMode.PIPE);
        assertThat(Json.mapper().valueToTree(ConfigDocument.document(spec)).has("console_mode")).isFalse();
        assertThat(spec.withConsoleMode(null).consoleMode()).isEqualTo(ConsoleMode.PIPE);
    }

    @Test
    void theCoresRewritesKeepWhatTheyDoNotChange() throws Exception {
        InstanceSpec spec = ConfigDocument.spec(read(FILE + ",\"console_mode\":\"pty\"}"));
        InstanceSpec changed = spec.withSettings("m", InstanceType.UNIVERSAL, "", List.of(), "")
                .withRules(List.of(new RuleDocument("{\"name\":\"only\"}"))).withTarget("x.sh", TargetType.SCRIPT)
                .withAutoStart(false, 9).withUuid(UUID.randomUUID());
        assertThat(changed.consoleMode()).isEqualTo(ConsoleMode.PTY);
        assertThat(changed.inputEncoding()).isEqualTo("gbk");
        assertThat(changed.env()).isEqualTo(spec.env());
        JsonNode doc = Json.mapper().valueToTree(ConfigDocument.document(changed));
        assertThat(doc.get("event_rules")).isEqualTo(Json.mapper().readTree("[{\"name\":\"only\"}]"));
        assertThat(doc.get("console_mode").asText()).isEqualTo("pty");
        assertThat(doc.get("auto_start").asBoolean()).isFalse();
        assertThat(doc.get("auto_start_delay_seconds").asInt()).isEqualTo(9);
    }

    @Test
    void aRuleDocumentIsImmutableTextAndEveryTreeIsFresh() throws Exception {
        RuleDocument rule = RuleDocument.of(Json.mapper().readTree("{\"name\":\"r\",\"n\":1.0}"));
        assertThat(rule.json()).isEqualTo("{\"name\":\"r\",\"n\":1.0}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) rule.tree()).put("name", "changed");
        assertThat(rule.tree().get("name").asText()).isEqualTo("r");
    }

    @Test
    void theInstallMetadataMapsBothWays() {
        InstanceInstallMetadata m = new InstanceInstallMetadata("forge_v2", "uploads/installer.jar",
                List.of("instances/x/libraries"), "run.sh", "2026-12-06T20:00:00+00:00");
        InstallRecord r = ConfigDocument.install(m);
        assertThat(r.generatedPaths()).containsExactly("instances/x/libraries");
        assertThat(ConfigDocument.document(r)).isEqualTo(m);
        assertThat(ConfigDocument.install(null)).isNull();
        assertThat(ConfigDocument.document((InstallRecord) null)).isNull();
    }
}
