package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.V2BackupTest.awaitTerminal;
import static dev.mfp.daemon.api.v2.V2BackupTest.startBackup;
import static dev.mfp.daemon.api.v2.V2Fixtures.code;
import static dev.mfp.daemon.api.v2.V2Fixtures.invalidParams;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** operations.md §2, §4–§6 over a real /api/v2 WebSocket. */
@DaemonTest(noChildProcessesAfter = true)
class V2OperationsTest {
    private static TestDaemon d;

    private static Map<String, Object> byId(String id) {
        return Map.of("operation_id", id);
    }

    private static List<String> list(MfpV2Client c) {
        Map<String, Object> p = new HashMap<>();
        p.put("owner_principal", null);
        List<String> ids = new ArrayList<>();
        c.call("mcsl.operation.list", p).get("operations").forEach(n -> ids.add(n.get("operation_id").asText()));
        return ids;
    }

    private static MfpV2Client other(String subject) {
        JsonNode issued = d.v2().call("mcsl.auth.token.issue", Map.of("subject", subject, "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.operation.**", "mcsl.backup.**"),
                "ttl_seconds", 300));
        return d.connectV2(issued.get("token").asText());
    }

    @Test
    void emptyParamsUnknownIdsAndStrictness() {
        MfpV2Client c = d.v2();
        invalidParams(() -> c.call("mcsl.operation.list", Map.of()));
        invalidParams(() -> c.call("mcsl.operation.get", Map.of()));
        invalidParams(() -> c.call("mcsl.operation.cancel", Map.of("operation_id", "nope")));
        invalidParams(() -> c.call("mcsl.operation.list", Map.of("owner_principal", "x", "extra", 1)));
        assertThat(code(() -> c.call("mcsl.operation.get", byId(UUID.randomUUID().toString()))))
                .isEqualTo("operation.not_found");
        assertThat(code(() -> c.call("mcsl.operation.cancel", byId(UUID.randomUUID().toString()))))
                .isEqualTo("operation.not_found");
    }

    @Test
    void anotherPrincipalsOperationIsForbiddenTheMainTokenSeesAll() throws Exception {
        MfpV2Client main = d.v2();
        UUID inst = V2Fixtures.createEcho(d, main, "op-owner", "universal");
        String mine = startBackup(main, inst, false);
        awaitTerminal(main, mine);
        MfpV2Client bot = other("ops-bot");
        MfpV2Exception get = V2Fixtures.error(() -> bot.call("mcsl.operation.get", byId(mine)));
        assertThat(get.daemonErrorCode()).isEqualTo("operation.forbidden");
        assertThat(get.code()).isEqualTo(-32001);
        assertThat(code(() -> bot.call("mcsl.operation.cancel", byId(mine)))).isEqualTo("operation.forbidden");
        assertThat(list(bot)).doesNotContain(mine);
        // the request's owner_principal is ignored
        Map<String, Object> spoof = new HashMap<>();
        spoof.put("owner_principal", "daemon-main");
        assertThat(bot.call("mcsl.operation.list", spoof).get("operations").toString()).doesNotContain(mine);
        assertThat(code(() -> bot.call("mcsl.operation.get", Map.of("operation_id", mine,
                "owner_principal", "daemon-main")))).isEqualTo("operation.forbidden");

        String theirs = startBackup(bot, inst, false);
        JsonNode t = awaitTerminal(bot, theirs);
        assertThat(t.get("owner_principal").asText()).isEqualTo("ops-bot");
        assertThat(t.get("status").asText()).isEqualTo("succeeded");
        assertThat(list(bot)).contains(theirs).doesNotContain(mine);
        assertThat(list(main)).contains(theirs, mine);
        assertThat(main.call("mcsl.operation.get", byId(theirs)).get("owner_principal").asText())
                .isEqualTo("ops-bot");
        // terminal: cancel answers false
        assertThat(main.call("mcsl.operation.cancel", byId(theirs)).get("cancel_requested").asBoolean()).isFalse();
        // backup lists are not owner-filtered
        Map<String, Object> all = new HashMap<>();
        all.put("instance_id", inst.toString());
        assertThat(bot.call("mcsl.backup.list", all).get("archives")).hasSize(2);
    }

    @Test
    void snapshotsKeepTheInvariantsAndListIsNewestFirst() throws Exception {
        MfpV2Client main = d.v2();
        UUID inst = V2Fixtures.createEcho(d, main, "op-list", "universal");
        String a = startBackup(main, inst, false);
        awaitTerminal(main, a);
        String b = startBackup(main, inst, false);
        JsonNode tb = awaitTerminal(main, b);
        List<String> ids = list(main);
        assertThat(ids.indexOf(b)).isLessThan(ids.indexOf(a));
        assertThat(tb.get("version").asLong()).isGreaterThan(2);
        assertThat(tb.get("stage").asText()).isEqualTo("succeeded");
        assertThat(tb.get("completed_at").asText()).endsWith("+00:00");
        assertThat(tb.get("progress").get("indeterminate").asBoolean()).isFalse();
        assertThat(tb.get("progress").get("unit").asText()).isEqualTo("steps");
        assertThat(tb.get("progress").get("completed").asDouble()).isEqualTo(1.0);
        for (String member : List.of("operation_id", "kind", "target", "owner_principal", "status", "stage",
                "progress", "version", "created_at", "updated_at", "completed_at", "cancellable", "error_code",
                "error_message", "result_reference")) {
            assertThat(tb.has(member)).as(member).isTrue();
        }
        assertThat(tb.size()).isEqualTo(15);
    }

    @Test
    void runningOperationsAreInterruptedByARestartFinishedOnesSurvive() throws Exception {
        Path work = Files.createTempDirectory("mfp-ops-restart");
        try {
            String done;
            String cut;
            UUID inst;
            try (TestDaemon first = TestDaemon.startIn(work)) {
                MfpV2Client c = first.v2();
                inst = V2Fixtures.createEcho(first, c, "op-restart", "universal");
                done = startBackup(c, inst, false);
                assertThat(awaitTerminal(c, done).get("status").asText()).isEqualTo("succeeded");
                Path big = Files.createDirectories(first.root().resolve("instances/" + inst + "/big"));
                Random r = new Random(7);
                byte[] chunk = new byte[256 * 1024];
                for (int i = 0; i < 200; i++) {
                    r.nextBytes(chunk);
                    Files.write(big.resolve("f" + i + ".bin"), chunk);
                }
                cut = startBackup(c, inst, false);
                String status = c.call("mcsl.operation.get", byId(cut)).get("status").asText();
                assertThat(status).isIn("queued", "running");
            } // the daemon stops while the archive is being written
            Path index = work.resolve("daemon/operations/index.json");
            assertThat(Files.readString(index)).contains(cut);
            try (TestDaemon second = TestDaemon.startIn(work)) {
                MfpV2Client c = second.v2();
                JsonNode i = c.call("mcsl.operation.get", byId(cut));
                assertThat(i.get("status").asText()).isEqualTo("interrupted");
                assertThat(i.get("stage").asText()).isEqualTo("interrupted");
                assertThat(i.get("error_code").asText()).isEqualTo("operation.interrupted");
                assertThat(i.get("error_message").asText()).isNotEmpty();
                assertThat(i.get("cancellable").asBoolean()).isFalse();
                assertThat(i.get("completed_at").isNull()).isFalse();
                assertThat(c.call("mcsl.operation.cancel", byId(cut)).get("cancel_requested").asBoolean()).isFalse();
                JsonNode s = c.call("mcsl.operation.get", byId(done));
                assertThat(s.get("status").asText()).isEqualTo("succeeded");
                String archive = s.get("result_reference").asText();
                // only the finished archive is left: the cut one's temp file was deleted at start
                try (Stream<Path> files = Files.list(second.root().resolve("backups/archives"))) {
                    assertThat(files.map(p -> p.getFileName().toString()).toList())
                            .containsExactly(archive + ".zip");
                }
                assertThat(list(c)).containsExactly(cut, done);
            }
        } finally {
            TestDaemon.deleteTree(work);
        }
    }
}
