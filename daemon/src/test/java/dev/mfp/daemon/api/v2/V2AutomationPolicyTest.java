package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.AutomationFixtures.always;
import static dev.mfp.daemon.api.v2.AutomationFixtures.apply;
import static dev.mfp.daemon.api.v2.AutomationFixtures.auditAction;
import static dev.mfp.daemon.api.v2.AutomationFixtures.id;
import static dev.mfp.daemon.api.v2.AutomationFixtures.obj;
import static dev.mfp.daemon.api.v2.AutomationFixtures.policy;
import static dev.mfp.daemon.api.v2.AutomationFixtures.set;
import static dev.mfp.daemon.api.v2.AutomationFixtures.version;
import static dev.mfp.daemon.api.v2.V2Fixtures.code;
import static dev.mfp.daemon.api.v2.V2Fixtures.invalidParams;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** automation.md §1–§3 over a real /api/v2: the document, its binding and diagnostics, CAS, enable, test, persistence. */
@Timeout(120)
class V2AutomationPolicyTest {
    private static List<String> codes(MfpV2Client c, ObjectNode set) {
        List<String> out = new ArrayList<>();
        c.call("mcsl.automation.validate", Map.of("policy_set", set)).get("diagnostics")
                .forEach(d -> out.add(d.get("code").asText()));
        return out;
    }

    @Test
    void getValidateApplyEnableTestAndPermissions() throws Exception {
        Path work = Files.createTempDirectory("mfp-automation-policy");
        try (TestDaemon d = TestDaemon.startIn(work)) {
            MfpV2Client c = d.v2();
            JsonNode initial = c.call("mcsl.automation.get");
            assertThat(initial.get("policy_set").get("version").asLong()).isZero();
            assertThat(initial.get("policy_set").get("policies")).isEmpty();
            assertThat(initial.get("suppressions")).isEmpty();

            // diagnostics, version first, then per policy
            ObjectNode bad = policy(" ", null);
            bad.putNull("trigger");
            ObjectNode dup = policy("dup", always(), auditAction("x"));
            ObjectNode dup2 = dup.deepCopy();
            ObjectNode limits = policy("limits", obj("type", "instance.crash_loop", "max_crashes", 0),
                    obj("type", "notification", "title", "", "message", "m"));
            limits.put("cooldown_seconds", -1);
            limits.put("max_executions_per_day", 0);
            limits.withArray("actions").addNull();
            ObjectNode doc = set(-1, bad, dup, dup2, limits);
            doc.withArray("policies").addNull();
            assertThat(codes(c, doc)).containsExactly("automation.version_invalid", "automation.name_required",
                    "automation.trigger_required", "automation.actions_required", "automation.policy_duplicate",
                    "automation.trigger_invalid", "automation.action_invalid", "automation.action_null",
                    "automation.cooldown_invalid", "automation.cap_invalid", "automation.policy_null");
            assertThat(codes(c, set(0, policy("cron", obj("type", "schedule.cron", "expression", "* * * * *"),
                    auditAction("x"))))).containsExactly("automation.trigger_invalid"); // 5 fields
            assertThat(codes(c, set(0, policy("bk", always(), obj("type", "backup.create")))))
                    .containsExactly("automation.action_invalid"); // no instance to back up
            assertThat(codes(c, set(0, policy("ok", always(), auditAction("x"))))).isEmpty();

            // binding errors are -32602
            invalidParams(() -> c.call("mcsl.automation.validate", Map.of()));
            invalidParams(() -> c.call("mcsl.automation.validate", Map.of("policy_set", obj("extra", 1))));
            invalidParams(() -> c.call("mcsl.automation.validate", Map.of("policy_set", set(0,
                    policy("t", obj("type", "no.such"), auditAction("x"))))));
            invalidParams(() -> c.call("mcsl.automation.validate", Map.of("policy_set", set(0,
                    policy("t", obj("type", "instance.crash_loop", "max_crashes", 1.5), auditAction("x"))))));
            invalidParams(() -> c.call("mcsl.automation.validate", Map.of("policy_set", set(0,
                    policy("t", obj("type", "instance.status_duration", "status", "asleep"), auditAction("x"))))));
            invalidParams(() -> c.call("mcsl.automation.validate", Map.of("policy_set", set(0,
                    policy("t", always(), obj("type", "audit.record", "message", "x", "oops", 1))))));
            invalidParams(() -> c.call("mcsl.automation.apply", Map.of("policy_set", set(0,
                    policy("t", obj("type", "instance.unexpected_exit", "instance_id", "nope"), auditAction("x"))))));
            invalidParams(() -> c.call("mcsl.automation.get", Map.of("x", 1)));

            // apply: invalid, CAS conflict, success with every member on output
            assertThat(code(() -> c.call("mcsl.automation.apply", Map.of("policy_set", doc))))
                    .isEqualTo("automation.policy_invalid");
            ObjectNode p = obj("name", "minimal");
            p.set("trigger", obj("type", "instance.crash_loop"));
            p.putArray("actions").add(obj("type", "instance.restart"));
            ObjectNode p2 = policy("window", always(), auditAction("x"));
            p2.put("enabled", false);
            assertThat(code(() -> c.call("mcsl.automation.apply", Map.of("policy_set", set(7, p)))))
                    .isEqualTo("automation.version_conflict");
            assertThat(c.call("mcsl.automation.apply", Map.of("policy_set", set(0, p, p2))).get("version").asLong())
                    .isEqualTo(1);
            JsonNode stored = c.call("mcsl.automation.get").get("policy_set");
            assertThat(stored.get("version").asLong()).isEqualTo(1);
            JsonNode first = stored.get("policies").get(0);
            assertThat(UUID.fromString(first.get("id").asText())).isNotNull(); // a new id was given
            assertThat(first.get("enabled").asBoolean()).isTrue();
            assertThat(first.get("cooldown_seconds").asInt()).isEqualTo(300);
            assertThat(first.get("max_executions_per_day").asInt()).isEqualTo(20);
            assertThat(first.get("trigger").get("max_crashes").asInt()).isEqualTo(3);
            assertThat(first.get("trigger").get("window_seconds").asInt()).isEqualTo(600);
            assertThat(first.get("trigger").has("instance_id")).isTrue();
            assertThat(first.get("actions").get(0).get("backoff_base_seconds").asInt()).isEqualTo(30);
            assertThat(first.get("actions").get(0).get("backoff_max_seconds").asInt()).isEqualTo(1800);

            // test: the disabled one would not fire; nothing was executed
            JsonNode outcomes = c.call("mcsl.automation.test").get("outcomes");
            assertThat(outcomes).hasSize(2);
            assertThat(outcomes.get(1).get("policy_id").asText()).isEqualTo(id(p2));
            assertThat(outcomes.get(1).get("would_fire").asBoolean()).isFalse();
            assertThat(outcomes.get(1).get("reason").asText()).isEqualTo("disabled");
            assertThat(outcomes.get(0).get("would_fire").asBoolean()).isFalse();

            // enable: CAS, unknown policy, then the window policy would fire
            assertThat(code(() -> c.call("mcsl.automation.enable", Map.of("policy_id", id(p2), "enabled", true,
                    "expected_version", 0)))).isEqualTo("automation.version_conflict");
            assertThat(code(() -> c.call("mcsl.automation.enable", Map.of("policy_id", UUID.randomUUID().toString(),
                    "enabled", true, "expected_version", 1)))).isEqualTo("automation.policy_not_found");
            invalidParams(() -> c.call("mcsl.automation.enable", Map.of("policy_id", id(p2), "enabled", true)));
            assertThat(c.call("mcsl.automation.enable", Map.of("policy_id", id(p2), "enabled", true,
                    "expected_version", 1)).get("version").asLong()).isEqualTo(2);
            JsonNode fires = c.call("mcsl.automation.test").get("outcomes").get(1);
            assertThat(fires.get("would_fire").asBoolean()).isTrue();
            assertThat(fires.get("target").isNull()).isTrue();

            // audit: apply and enable are recorded, enable with the policy id as target
            JsonNode records = c.call("mcsl.audit.query", Map.of("method", "mcsl.automation.enable")).get("records");
            assertThat(records).anySatisfy(r -> {
                assertThat(r.get("target").asText()).isEqualTo(id(p2));
                assertThat(r.get("succeeded").asBoolean()).isTrue();
            });
            assertThat(c.call("mcsl.audit.query", Map.of("method", "mcsl.automation.apply")).get("records"))
                    .isNotEmpty();

            // permissions: a token for get only
            JsonNode token = c.call("mcsl.auth.token.issue", Map.of("subject", "reader", "audience",
                    "mcsl://daemon/api/v2", "permissions", List.of("mcsl.automation.get"), "ttl_seconds", 60));
            MfpV2Client reader = d.connectV2(token.get("token").asText());
            assertThat(reader.call("mcsl.automation.get").get("policy_set").get("version").asLong()).isEqualTo(2);
            assertThat(V2Fixtures.error(() -> reader.call("mcsl.automation.apply", Map.of("policy_set",
                    set(2)))).code()).isEqualTo(-32001);
            assertThat(V2Fixtures.error(() -> reader.call("mcsl.automation.test")).code()).isEqualTo(-32001);

            // rpc.discover lists the seven methods
            String discovered = c.call("rpc.discover").toString();
            for (String m : List.of("mcsl.automation.get", "mcsl.automation.validate", "mcsl.automation.test",
                    "mcsl.automation.apply", "mcsl.automation.enable", "mcsl.automation.intent.confirm",
                    "mcsl.automation.intent.execute")) {
                assertThat(discovered).contains("\"" + m + "\"");
            }
            // file methods cannot touch the document
            assertThat(V2Fixtures.error(() -> c.call("mcsl.file.delete", Map.of("path",
                    "automation/policies.json"))).daemonErrorCode()).isNotNull();
            assertThat(d.root().resolve("automation/policies.json")).exists();
        }
        try (TestDaemon again = TestDaemon.startIn(work)) {
            // the document survives a restart
            JsonNode stored = again.v2().call("mcsl.automation.get").get("policy_set");
            assertThat(stored.get("version").asLong()).isEqualTo(2);
            assertThat(stored.get("policies")).hasSize(2);
            assertThat(stored.get("policies").get(0).get("name").asText()).isEqualTo("minimal");
        }
        Files.writeString(work.resolve("daemon/automation/policies.json"), "{not json");
        try (TestDaemon broken = TestDaemon.startIn(work)) {
            MfpV2Client c = broken.v2();
            assertThat(version(c)).isZero(); // an unreadable document is ignored
            assertThat(apply(c, policy("fresh", always(), auditAction("x")))).isEqualTo(1);
        } finally {
            TestDaemon.deleteTree(work);
        }
    }
}
