package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** audit.md over a real /api/v2: what is recorded, the record, mcsl.audit.query, visibility, persistence. */
@DaemonTest
class V2AuditTest {
    private static TestDaemon daemon;

    private static ObjectNode params(Object... kv) {
        ObjectNode o = Json.mapper().createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], Json.mapper().valueToTree(kv[i + 1]));
        }
        return o;
    }

    private static List<JsonNode> query(MfpV2Client c, Object... kv) {
        JsonNode r = c.call("mcsl.audit.query", params(kv));
        assertThat(r.get("dropped_records").isIntegralNumber()).isTrue();
        List<JsonNode> out = new ArrayList<>();
        r.get("records").forEach(out::add);
        return out;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static MfpV2Exception failure(Runnable call) {
        try {
            call.run();
        } catch (MfpV2Exception e) {
            return e;
        }
        throw new AssertionError("expected an error answer");
    }

    private static String auditFiles(Path root) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(root.resolve("audit"))) {
            for (Path p : s.sorted().toList()) {
                b.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    @Test
    void successesAndFailuresAreRecordedWithTheirTargetAndCode() throws Exception {
        MfpV2Client main = daemon.v2();
        String dir = unique("audit-ok");
        main.call("mcsl.directory.create", Map.of("path", dir));
        List<JsonNode> created = query(main, "target", dir);
        assertThat(created).hasSize(1);
        JsonNode r = created.get(0);
        assertThat(Json.mapper().convertValue(r, Map.class).keySet()).containsExactly("timestamp", "principal",
                "plugin_id", "method", "permission", "target", "plan_id", "plan_hash", "operation_id", "succeeded",
                "error_code", "confirmed_by", "detail");
        assertThat(r.get("principal").asText()).isEqualTo("daemon-main");
        assertThat(r.get("method").asText()).isEqualTo("mcsl.directory.create");
        assertThat(r.get("permission").asText()).isEqualTo("mcsl.directory.create");
        assertThat(r.get("succeeded").asBoolean()).isTrue();
        assertThat(r.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,7})?\\+00:00");
        for (String nullMember : List.of("plugin_id", "plan_id", "plan_hash", "operation_id", "error_code",
                "confirmed_by", "detail")) {
            assertThat(r.get(nullMember).isNull()).as(nullMember).isTrue();
        }

        String missing = dir + "/missing.txt";
        assertThat(failure(() -> main.call("mcsl.file.delete", Map.of("path", missing))).daemonErrorCode())
                .isEqualTo("file.not_found");
        JsonNode deleted = query(main, "target", missing).get(0);
        assertThat(deleted.get("method").asText()).isEqualTo("mcsl.file.delete");
        assertThat(deleted.get("succeeded").asBoolean()).isFalse();
        assertThat(deleted.get("error_code").asText()).isEqualTo("file.not_found");

        String unknown = UUID.randomUUID().toString();
        assertThat(failure(() -> main.call("mcsl.instance.start", Map.of("instance_id", unknown))).daemonErrorCode())
                .isEqualTo("instance.not_found");
        JsonNode start = query(main, "target", unknown).get(0);
        assertThat(start.get("method").asText()).isEqualTo("mcsl.instance.start");
        assertThat(start.get("error_code").asText()).isEqualTo("instance.not_found");

        String copyTarget = dir + " -> " + dir + "-copy";
        main.call("mcsl.directory.copy", Map.of("source_path", dir, "destination_path", dir + "-copy"));
        assertThat(query(main, "target", copyTarget)).singleElement()
                .satisfies(c -> assertThat(c.get("method").asText()).isEqualTo("mcsl.directory.copy"));
    }

    @Test
    void tokenIssueIsRecordedByTheSubjectAndTheTokenNeverReachesTheFiles() throws Exception {
        MfpV2Client main = daemon.v2();
        String subject = unique("issued");
        JsonNode issued = main.call("mcsl.auth.token.issue", Map.of("subject", subject, "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.directory.**"), "ttl_seconds", 60));
        JsonNode r = query(main, "method", "mcsl.auth.token.issue", "target", subject).get(0);
        assertThat(r.get("principal").asText()).isEqualTo("daemon-main");
        assertThat(r.get("succeeded").asBoolean()).isTrue();
        String files = auditFiles(daemon.root());
        assertThat(files).contains(subject).doesNotContain(issued.get("token").asText())
                .doesNotContain(daemon.mainToken());
    }

    @Test
    void readsAndRejectedRequestsAreNotRecorded() throws Exception {
        MfpV2Client main = daemon.v2();
        String dir = unique("audit-rejected");
        main.call("mcsl.directory.create", Map.of("path", dir));
        main.call("mcsl.directory.info.get", Map.of("path", dir)); // a read
        assertThat(failure(() -> main.call("mcsl.file.info.get", Map.of("path", dir + "/none"))).daemonErrorCode())
                .isEqualTo("file.not_found"); // a failed read: still not recorded
        assertThat(failure(() -> main.call("mcsl.directory.create", Map.of("path", dir + "/x", "extra", 1))).code())
                .isEqualTo(-32602);
        assertThat(failure(() -> main.call("mcsl.directory.create", Map.of())).code()).isEqualTo(-32602);
        JsonNode token = main.call("mcsl.auth.token.issue", Map.of("subject", unique("narrow"), "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.directory.info.get"), "ttl_seconds", 60));
        MfpV2Client narrow = daemon.connectV2(token.get("token").asText());
        MfpV2Exception denied = failure(() -> narrow.call("mcsl.file.delete", Map.of("path", dir + "/y")));
        assertThat(denied.code()).isEqualTo(-32001);
        assertThat(denied.daemonErrorCode()).isEqualTo("permission.denied");
        narrow.call("mcsl.directory.info.get", Map.of("path", dir));
        // only the one create; nothing for the read, the -32602s or the denied delete (matched by target prefix)
        List<JsonNode> all = query(main, "maximum_records", 500);
        List<String> mine = all.stream().map(n -> n.get("target").asText("")).filter(t -> t.startsWith(dir)).toList();
        assertThat(mine).containsExactly(dir);
        assertThat(auditFiles(daemon.root())).doesNotContain(dir + "/x", dir + "/y", dir + "/none");
    }

    @Test
    void queryFiltersBoundsAndTheEmptyParamsRule() {
        MfpV2Client main = daemon.v2();
        String dir = unique("audit-filters");
        for (int i = 0; i < 3; i++) {
            main.call("mcsl.directory.create", Map.of("path", dir + "/" + i));
        }
        main.call("mcsl.directory.delete", Map.of("path", dir + "/0", "recursive", false));
        List<JsonNode> mine = query(main, "maximum_records", 500).stream()
                .filter(n -> n.get("target").asText("").startsWith(dir + "/")).toList();
        assertThat(mine).extracting(n -> n.get("method").asText() + " " + n.get("target").asText()).containsExactly(
                "mcsl.directory.delete " + dir + "/0", "mcsl.directory.create " + dir + "/2",
                "mcsl.directory.create " + dir + "/1", "mcsl.directory.create " + dir + "/0");
        // exact filters
        assertThat(query(main, "target", dir + "/0")).hasSize(2);
        assertThat(query(main, "target", dir + "/0", "method", "mcsl.directory.delete")).hasSize(1);
        assertThat(query(main, "target", dir + "/0", "principal", "daemon-main")).hasSize(2);
        assertThat(query(main, "target", dir + "/0", "principal", "someone-else")).isEmpty();
        assertThat(query(main, "target", dir)).isEmpty(); // exact, not a prefix
        // inclusive time bounds, on the timestamps as answered
        String t1 = mine.get(2).get("timestamp").asText(); // create /1
        String t2 = mine.get(1).get("timestamp").asText(); // create /2
        List<String> between = query(main, "method", "mcsl.directory.create", "not_before", t1, "not_after", t2)
                .stream().map(n -> n.get("target").asText()).toList();
        assertThat(between).contains(dir + "/1", dir + "/2").doesNotContain(dir + "/0");
        assertThat(query(main, "target", dir + "/1", "not_after", mine.get(3).get("timestamp").asText())
                .stream().map(n -> n.get("timestamp").asText())).allMatch(t -> t.compareTo(t1) <= 0);
        assertThat(query(main, "target", dir + "/0", "not_before", "2999-01-01T00:00:00Z")).isEmpty();
        assertThat(query(main, "target", dir + "/0", "not_after", "2000-01-01T00:00:00+02:00")).isEmpty();
        // maximum_records: default 100, clamped to 1 … 500
        assertThat(query(main, "maximum_records", 0)).hasSize(1);
        assertThat(query(main, "maximum_records", -7)).hasSize(1);
        assertThat(query(main, "maximum_records", 2)).hasSize(2);
        // members are optional and nullable, but {} is -32602; wrong types too
        assertThat(query(main, "owner_principal", null, "maximum_records", null)).hasSizeLessThanOrEqualTo(100);
        assertThat(failure(() -> main.call("mcsl.audit.query", Map.of())).code()).isEqualTo(-32602);
        assertThat(failure(() -> main.call("mcsl.audit.query")).code()).isEqualTo(-32602);
        assertThat(failure(() -> main.call("mcsl.audit.query", Map.of("not_before", "yesterday"))).code())
                .isEqualTo(-32602);
        assertThat(failure(() -> main.call("mcsl.audit.query", Map.of("maximum_records", "5"))).code())
                .isEqualTo(-32602);
        assertThat(failure(() -> main.call("mcsl.audit.query", Map.of("owner", "x"))).code()).isEqualTo(-32602);
        // the query itself is not audited
        assertThat(query(main, "method", "mcsl.audit.query")).isEmpty();
    }

    @Test
    void maximumRecordsDefaultsTo100AndIsCappedAt500() {
        MfpV2Client main = daemon.v2();
        String target = unique("audit-many");
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 510; i++) {
            // each one fails (file.not_found) and each failure is a record with this target
            calls.add(main.callAsync("mcsl.file.delete", Map.of("path", target)));
        }
        calls.forEach(CompletableFuture::join);
        assertThat(query(main, "target", target, "maximum_records", 1000)).hasSize(500);
        assertThat(query(main, "target", target, "maximum_records", Integer.MAX_VALUE)).hasSize(500);
        assertThat(query(main, "target", target)).hasSize(100);
        assertThat(query(main, "target", target, "maximum_records", null)).hasSize(100);
    }

    @Test
    void anotherTokenSeesOnlyItsOwnRecords() {
        MfpV2Client main = daemon.v2();
        String subject = unique("auditor");
        JsonNode issued = main.call("mcsl.auth.token.issue", Map.of("subject", subject, "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.audit.query", "mcsl.directory.**"),
                "ttl_seconds", 120));
        MfpV2Client bot = daemon.connectV2(issued.get("token").asText());
        String dir = unique("audit-bot");
        bot.call("mcsl.directory.create", Map.of("path", dir));
        main.call("mcsl.directory.create", Map.of("path", dir + "-main"));

        List<JsonNode> own = query(bot, "maximum_records", 500);
        assertThat(own).isNotEmpty().allMatch(n -> n.get("principal").asText().equals(subject));
        assertThat(own).extracting(n -> n.get("target").asText()).containsExactly(dir);
        assertThat(query(bot, "principal", "daemon-main")).isEmpty();
        assertThat(query(bot, "owner_principal", "*")).extracting(n -> n.get("principal").asText())
                .containsOnly(subject); // owner_principal is ignored
        assertThat(query(bot, "target", dir + "-main")).isEmpty();
        // the main token sees everyone's
        assertThat(query(main, "principal", subject)).extracting(n -> n.get("target").asText()).containsExactly(dir);
        assertThat(query(main, "target", dir + "-main")).hasSize(1);
        // and a token without the grant is refused
        JsonNode plain = main.call("mcsl.auth.token.issue", Map.of("subject", unique("plain"), "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.directory.**"), "ttl_seconds", 60));
        MfpV2Client noGrant = daemon.connectV2(plain.get("token").asText());
        assertThat(failure(() -> noGrant.call("mcsl.audit.query", Map.of("maximum_records", 1))).code())
                .isEqualTo(-32001);
    }

    @Test
    void theHistorySurvivesARestartAndAnIncompleteLastLineIsCutAtStart() throws Exception {
        Path work = Files.createTempDirectory("mfp-audit-restart");
        try {
            String dir = unique("audit-restart");
            try (TestDaemon first = TestDaemon.startIn(work)) {
                first.v2().call("mcsl.directory.create", Map.of("path", dir));
            }
            Path newest;
            try (TestDaemon second = TestDaemon.startIn(work)) {
                MfpV2Client c = second.v2();
                assertThat(query(c, "target", dir)).hasSize(1);
                c.call("mcsl.directory.create", Map.of("path", dir + "/2"));
                try (Stream<Path> s = Files.list(second.root().resolve("audit"))) {
                    newest = s.max(Path::compareTo).orElseThrow();
                }
            }
            assertThat(newest.getFileName().toString()).matches("audit-\\d{6}\\.jsonl");
            long whole = Files.size(newest);
            Files.writeString(newest, "{\"timestamp\":\"2030-01-01T00:00:00+00:00\",\"principal\":\"forged",
                    StandardOpenOption.APPEND); // a record cut by a kill: no newline
            try (TestDaemon third = TestDaemon.startIn(work)) {
                assertThat(Files.size(newest)).isEqualTo(whole);
                MfpV2Client c = third.v2();
                c.call("mcsl.directory.create", Map.of("path", dir + "/3"));
                assertThat(query(c, "maximum_records", 500)).extracting(n -> n.get("target").asText())
                        .containsSubsequence(dir + "/3", dir + "/2", dir).doesNotContain("forged");
                for (String line : Files.readAllLines(newest, StandardCharsets.UTF_8)) {
                    assertThat(Json.mapper().readTree(line).get("succeeded").isBoolean()).isTrue();
                }
            }
        } finally {
            TestDaemon.deleteTree(work);
        }
    }

    @Test
    void anInvalidAuditSectionRefusesTheStart() throws Exception {
        for (String section : List.of("{\"retention_days\":0}", "{\"maximum_bytes\":1023}", "[]",
                "{\"retention_days\":\"30\"}")) {
            Path work = Files.createTempDirectory("mfp-audit-config");
            try {
                Files.writeString(work.resolve("config.json"), "{\"audit\":" + section + "}");
                assertThatThrownBy(() -> TestDaemon.startIn(work).close()).as(section)
                        .hasMessageContaining("audit");
            } finally {
                TestDaemon.deleteTree(work);
            }
        }
        Path work = Files.createTempDirectory("mfp-audit-config");
        try {
            Files.writeString(work.resolve("config.json"), "{\"audit\":{\"retention_days\":1,\"maximum_bytes\":1024}}");
            try (TestDaemon ok = TestDaemon.startIn(work)) {
                assertThat(query(ok.v2(), "maximum_records", 1)).isEmpty();
            }
        } finally {
            TestDaemon.deleteTree(work);
        }
    }

    @Test
    void theAuditDirectoryCannotBeChangedThroughFileMethods() {
        MfpV2Client c = daemon.v2();
        c.call("mcsl.directory.create", Map.of("path", "audit-check"));
        for (Object[] call : new Object[][] {
            {"mcsl.directory.delete", Map.of("path", "audit", "recursive", true)},
            {"mcsl.directory.rename", Map.of("path", "audit", "new_name", "gone")},
            {"mcsl.directory.create", Map.of("path", "audit/planted")},
            {"mcsl.file.upload.open", Map.of("path", "audit/audit-000099.jsonl", "length", 0, "sha256",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")},
        }) {
            assertThatThrownBy(() -> c.call((String) call[0], call[1])).as("%s", call[0])
                    .isInstanceOf(MfpV2Exception.class);
        }
        assertThat(daemon.root().resolve("audit")).isDirectory();
        assertThat(daemon.root().resolve("audit/planted")).doesNotExist();
        // the backups, operations and plans directories are the daemon's as well
        for (String dir : List.of("backups/archives", "operations", "plans")) {
            assertThatThrownBy(() -> c.call("mcsl.directory.create", Map.of("path", dir + "/planted")))
                    .as(dir).isInstanceOf(MfpV2Exception.class);
            assertThat(daemon.root().resolve(dir + "/planted")).doesNotExist();
        }
    }
}
