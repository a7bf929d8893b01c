package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.AutomationFixtures.always;
import static dev.mfp.daemon.api.v2.AutomationFixtures.apply;
import static dev.mfp.daemon.api.v2.AutomationFixtures.auditAction;
import static dev.mfp.daemon.api.v2.AutomationFixtures.id;
import static dev.mfp.daemon.api.v2.AutomationFixtures.obj;
import static dev.mfp.daemon.api.v2.AutomationFixtures.policy;
import static dev.mfp.daemon.api.v2.AutomationFixtures.records;
import static dev.mfp.daemon.api.v2.V2Fixtures.awaitStatus;
import static dev.mfp.daemon.api.v2.V2Fixtures.code;
import static dev.mfp.daemon.api.v2.V2Fixtures.id;
import static dev.mfp.daemon.api.v2.V2Fixtures.send;
import static dev.mfp.daemon.api.v2.V2Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.Daemon;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.v2.rpc.DateTimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The automation evaluator (automation.md §1.3, §1.4, §4, §6; extensions.md §2) in a real daemon with a 1 s
 * evaluation interval ({@code automation.evaluation_interval_seconds}) and 200 ms monitoring samples: every trigger,
 * every action, the guards, intents, against real instances (the testkit Minecraft server, the echo script).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class V2AutomationEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private Path work;
    private TestDaemon d;
    private MfpV2Client c;

    @BeforeAll
    void start() throws Exception {
        System.setProperty(Daemon.TEST_MONITORING_INTERVAL, "200");
        work = Files.createTempDirectory("mfp-automation");
        d = TestDaemon.startWith(work, Map.of("automation", Map.of("evaluation_interval_seconds", 1)));
        c = d.v2();
    }

    @AfterAll
    void stop() throws Exception {
        System.clearProperty(Daemon.TEST_MONITORING_INTERVAL);
        if (d != null) {
            d.close();
        }
        TestDaemon.deleteTree(work);
        TestDaemon.assertNoChildProcesses();
    }

    @AfterEach
    void clear() {
        apply(c); // an empty document: nothing fires into the next test
    }

    private void stopIfRunning(UUID inst) {
        if (!Set.of("stopped", "crashed").contains(status(c, inst))) {
            c.call("mcsl.instance.stop", id(inst));
        }
        await().atMost(WAIT).until(() -> Set.of("stopped", "crashed").contains(status(c, inst)));
    }

    private UUID runningEcho(String name) throws Exception {
        UUID inst = V2Fixtures.createEcho(d, c, name, "universal");
        c.call("mcsl.instance.start", id(inst));
        awaitStatus(c, inst, "running");
        return inst;
    }

    private static long count(List<JsonNode> rs, String target, Boolean ok, String code) {
        return rs.stream().filter(r -> target == null || target.equals(r.path("target").asText()))
                .filter(r -> ok == null || r.path("succeeded").asBoolean() == ok)
                .filter(r -> code == null || code.equals(r.path("error_code").asText())).count();
    }

    /**
     * The case: a server that crashes is restarted; crashing again inside the backoff it is left alone; at
     * the third crash the crash-loop policy suppresses restarts and notifies the user (a v2 client receives
     * mcsl.event.notification), and nothing restarts it any more.
     */
    @Test
    void aCrashLoopIsRestartedWithBackoffThenLeftAloneAndTheUserNotified() throws Exception {
        UUID inst = V2Fixtures.createServer(d, c, "auto-crash");
        ObjectNode loop = policy("crash loop", obj("type", "instance.crash_loop", "instance_id", inst.toString(),
                "max_crashes", 3, "window_seconds", 600),
                obj("type", "instance.restart_suppression", "duration_seconds", 600, "reason", "crash loop"),
                obj("type", "notification", "title", "Crash loop", "message", "restarts suspended", "severity",
                        "Error"));
        ObjectNode restart = policy("restart on crash", obj("type", "instance.unexpected_exit", "instance_id",
                inst.toString()), obj("type", "instance.restart", "backoff_base_seconds", 5, "backoff_max_seconds", 60));
        apply(c, loop, restart);
        MfpV2Client watcher = d.v2();
        watcher.call("mcsl.event.subscribe", Map.of("event", "mcsl.event.notification"));
        try {
            c.call("mcsl.instance.start", id(inst));
            awaitStatus(c, inst, "running");
            send(c, inst, "testkit crash");
            // crash 1: restarted by the automation
            await().atMost(WAIT).until(() -> count(records(c, "instance.restart.start"), inst.toString(), true,
                    null) == 1);
            awaitStatus(c, inst, "running");
            // crash 2, within min(5 × 2^1, 60) s of the restart: refused, left crashed
            send(c, inst, "testkit crash");
            await().atMost(WAIT).until(() -> count(records(c, "instance.restart"), inst.toString(), false,
                    "automation.backoff") == 1);
            assertThat(status(c, inst)).isEqualTo("crashed");
            assertThat(count(records(c, "instance.restart.start"), inst.toString(), true, null)).isEqualTo(1);
            // the user starts it again; crash 3 is a crash loop
            c.call("mcsl.instance.start", id(inst));
            awaitStatus(c, inst, "running");
            send(c, inst, "testkit crash");
            JsonNode n = watcher.nextNotification("mcsl.event.notification", WAIT);
            assertThat(n).as("notification").isNotNull();
            JsonNode params = n.get("params");
            assertThat(params.at("/meta/source_instance_id").asText()).isEqualTo(inst.toString());
            assertThat(params.at("/meta/rule_id").asText()).isEqualTo(id(loop));
            assertThat(params.at("/data/title").asText()).isEqualTo("Crash loop");
            assertThat(params.at("/data/severity").asText()).isEqualTo("Error");
            await().atMost(WAIT).until(() -> count(records(c, "instance.restart"), inst.toString(), false,
                    "automation.suppressed") >= 1);
            JsonNode holds = c.call("mcsl.automation.get").get("suppressions");
            assertThat(holds).hasSize(1);
            assertThat(holds.get(0).get("instance_id").asText()).isEqualTo(inst.toString());
            assertThat(holds.get(0).get("scope").asText()).isEqualTo("restarts");
            assertThat(holds.get(0).get("policy_id").asText()).isEqualTo(id(loop));
            assertThat(holds.get(0).get("reason").asText()).isEqualTo("crash loop");
            Thread.sleep(2500); // two more ticks: left alone
            assertThat(status(c, inst)).isEqualTo("crashed");
            assertThat(count(records(c, "instance.restart.start"), inst.toString(), true, null)).isEqualTo(1);
            assertThat(count(records(c, "instance.restart_suppression"), inst.toString(), true, null)).isEqualTo(1);
            assertThat(count(records(c, "notification"), inst.toString(), true, null)).isEqualTo(1);
        } finally {
            apply(c);
            stopIfRunning(inst);
        }
    }

    @Test
    void anUnresponsiveServerIsSeenInTheMonitoringSamples() throws Exception {
        UUID inst = runningEcho("auto-silent");
        try {
            send(c, inst, "one line, then silence");
            String detail = "silent " + inst;
            apply(c, policy("silent", obj("type", "instance.unresponsive", "instance_id", inst.toString(),
                    "silent_seconds", 1), auditAction(detail)));
            await().atMost(WAIT).until(() -> !AutomationFixtures.records(c, "audit.record", detail).isEmpty());
            assertThat(AutomationFixtures.records(c, "audit.record", detail).get(0).get("target").asText())
                    .isEqualTo(inst.toString());
        } finally {
            apply(c);
            stopIfRunning(inst);
        }
    }

    @Test
    void aStatusDurationStopsAnInstanceUnlessItIsInMaintenance() throws Exception {
        UUID inst = runningEcho("auto-duration");
        try {
            apply(c, policy("stop long runners", obj("type", "instance.status_duration", "instance_id",
                    inst.toString(), "status", "running", "duration_seconds", 1), obj("type", "instance.stop")));
            awaitStatus(c, inst, "stopped");
            assertThat(count(records(c, "instance.stop"), inst.toString(), true, null)).isGreaterThanOrEqualTo(1);
            c.call("mcsl.instance.start", id(inst));
            awaitStatus(c, inst, "running");
            apply(c, policy("maintenance first", obj("type", "instance.status_duration", "instance_id",
                    inst.toString(), "status", "running", "duration_seconds", 1),
                    obj("type", "instance.maintenance", "duration_seconds", 60, "reason", "patching"),
                    obj("type", "instance.stop")));
            await().atMost(WAIT).until(() -> count(records(c, "instance.stop"), inst.toString(), false,
                    "automation.suppressed") >= 1);
            assertThat(status(c, inst)).isEqualTo("running");
            JsonNode holds = c.call("mcsl.automation.get").get("suppressions");
            assertThat(holds).anySatisfy(h -> {
                assertThat(h.get("instance_id").asText()).isEqualTo(inst.toString());
                assertThat(h.get("scope").asText()).isEqualTo("all");
                assertThat(h.get("reason").asText()).isEqualTo("patching");
                assertThat(DateTimes.parseInstant(h.get("until_utc").asText())).isAfter(Instant.now());
            });
        } finally {
            apply(c);
            stopIfRunning(inst);
        }
    }

    @Test
    void aSustainedMetricFiresOnceTheWindowIsCovered() {
        String detail = "memory " + UUID.randomUUID();
        Instant applied = Instant.now();
        apply(c, policy("memory", obj("type", "metric.sustained", "metric", "system_memory_percent", "threshold",
                0.001, "sustained_seconds", 15), auditAction(detail)));
        await().atMost(Duration.ofSeconds(45)).until(() -> !AutomationFixtures.records(c, "audit.record", detail)
                .isEmpty());
        // the daemon has run for less than the window only if this test came first; the window holds samples
        assertThat(AutomationFixtures.records(c, "audit.record", detail)).isNotEmpty();
        assertThat(applied).isBefore(Instant.now());
    }

    @Test
    void cooldownSpacesExecutionsAndTheDailyCapEndsThem() throws Exception {
        String detail = "capped " + UUID.randomUUID();
        ObjectNode p = policy("capped", always(), auditAction(detail));
        p.put("cooldown_seconds", 2);
        p.put("max_executions_per_day", 2);
        apply(c, p);
        await().atMost(WAIT).until(() -> AutomationFixtures.records(c, "audit.record", detail).size() == 2);
        Thread.sleep(3500); // past another cooldown: the cap holds
        List<JsonNode> rs = AutomationFixtures.records(c, "audit.record", detail);
        assertThat(rs).hasSize(2);
        Instant newer = DateTimes.parseInstant(rs.get(0).get("timestamp").asText());
        Instant older = DateTimes.parseInstant(rs.get(1).get("timestamp").asText());
        assertThat(Duration.between(older, newer).abs()).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        JsonNode outcome = c.call("mcsl.automation.test").get("outcomes").get(0);
        assertThat(outcome.get("would_fire").asBoolean()).isFalse();
        assertThat(outcome.get("reason").asText()).isEqualTo("daily execution cap");
    }

    @Test
    void scheduleCronFiresAtTheMatchedInstantItself() {
        String detail = "cron " + UUID.randomUUID();
        ObjectNode p = policy("cron", obj("type", "schedule.cron", "expression", "*/2 * * * * ?"),
                auditAction(detail));
        p.remove("cooldown_seconds"); // extensions.md §2: 0 by default for schedule.cron
        apply(c, p);
        assertThat(c.call("mcsl.automation.get").at("/policy_set/policies/0/cooldown_seconds").asInt()).isZero();
        await().atMost(WAIT).until(() -> AutomationFixtures.records(c, "audit.record", detail).size() >= 3);
        apply(c);
        List<Instant> at = new ArrayList<>();
        AutomationFixtures.records(c, "audit.record", detail).forEach(r ->
                at.add(DateTimes.parseInstant(r.get("timestamp").asText())));
        for (Instant t : at) {
            // recorded within a second after an even second, not on the 1 s tick's phase
            assertThat(t.toEpochMilli() % 2000).as(t.toString()).isLessThan(1000);
        }
        assertThat(at.stream().map(t -> t.toEpochMilli() / 2000).distinct().count()).isEqualTo(at.size());
    }

    @Test
    void scheduledBackupsKeepTheNewestNOfTheirInstanceOnly() throws Exception {
        UUID mine = V2Fixtures.createEcho(d, c, "auto-backup", "universal");
        UUID other = V2Fixtures.createEcho(d, c, "auto-other", "universal");
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String op = V2BackupTest.startBackup(c, other, false);
            assertThat(V2BackupTest.awaitTerminal(c, op).get("status").asText()).isEqualTo("succeeded");
            others.add(V2BackupTest.awaitTerminal(c, op).get("result_reference").asText());
        }
        apply(c, policy("nightly", obj("type", "schedule.cron", "expression", "*/2 * * * * ?"),
                obj("type", "backup.create", "instance_id", mine.toString(), "keep_last", 2)));
        await().atMost(Duration.ofSeconds(40)).until(() -> count(records(c, "backup.keep_last"), mine.toString(),
                true, null) >= 3);
        apply(c);
        Thread.sleep(500); // a backup accepted just before the apply finishes
        await().atMost(WAIT).until(() -> c.call("mcsl.operation.list", Map.of("owner_principal", "x"))
                .get("operations").findValuesAsText("status").stream().noneMatch(s -> s.equals("running")
                        || s.equals("queued")));
        await().atMost(WAIT).until(() -> V2BackupTest.archives(c, mine).size() == 2);
        assertThat(V2BackupTest.archives(c, other).stream().map(a -> a.get("archive_id").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(others);
        assertThat(count(records(c, "backup.create"), mine.toString(), true, null)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anIntentWaitsForAHumanThenRunsItsDeferredActionOnce() throws Exception {
        UUID inst = runningEcho("auto-intent");
        try {
            ObjectNode p = policy("ask first", always(), obj("type", "plan.confirmation", "summary",
                    "stop the server?", "deferred", obj("type", "instance.stop", "instance_id", inst.toString())));
            p.put("cooldown_seconds", 1);
            apply(c, p);
            await().atMost(WAIT).until(() -> !records(c, "plan.confirmation").isEmpty()
                    && records(c, "plan.confirmation").size() >= 2);
            List<JsonNode> filed = records(c, "plan.confirmation");
            String planId = filed.get(0).get("plan_id").asText();
            String hash = filed.get(0).get("plan_hash").asText();
            // further firings returned the same pending plan
            assertThat(filed).allSatisfy(r -> assertThat(r.get("target").asText()).isEqualTo(planId));
            apply(c);
            assertThat(hash).matches("[0-9a-f]{64}");
            assertThat(code(() -> c.call("mcsl.automation.intent.execute", Map.of("plan_id", planId,
                    "executor_principal", "me")))).isEqualTo("plan.not_ready");
            assertThat(code(() -> c.call("mcsl.automation.intent.confirm", Map.of("plan_id", planId, "plan_hash",
                    "0".repeat(64), "confirmer_principal", "me")))).isEqualTo("plan.hash_mismatch");
            assertThat(code(() -> c.call("mcsl.backup.restore.confirm", Map.of("plan_id", planId, "plan_hash", hash,
                    "confirmer_principal", "me")))).isEqualTo("plan.kind_mismatch");
            V2Fixtures.invalidParams(() -> c.call("mcsl.automation.intent.confirm", Map.of("plan_id", planId,
                    "plan_hash", " ", "confirmer_principal", "me")));
            JsonNode confirmed = c.call("mcsl.automation.intent.confirm", Map.of("plan_id", planId, "plan_hash", hash,
                    "confirmer_principal", "ignored"));
            assertThat(confirmed.get("kind").asText()).isEqualTo("automation.intent");
            assertThat(confirmed.get("status").asText()).isEqualTo("ready");
            assertThat(confirmed.get("creator_principal").asText()).isEqualTo("daemon-automation");
            assertThat(confirmed.get("confirmed_by").asText()).isEqualTo("daemon-main");
            assertThat(confirmed.get("risk_class").asText()).isEqualTo("sensitive");
            assertThat(confirmed.get("idempotency_key").asText()).isEqualTo("automation.intent:" + id(p));
            assertThat(confirmed.at("/payload/policy_id").asText()).isEqualTo(id(p));
            assertThat(confirmed.at("/payload/action/type").asText()).isEqualTo("instance.stop");
            assertThat(status(c, inst)).isEqualTo("running");
            String op = c.call("mcsl.automation.intent.execute", Map.of("plan_id", planId, "executor_principal",
                    "ignored")).get("operation_id").asText();
            JsonNode done = V2BackupTest.awaitTerminal(c, op);
            assertThat(done.get("kind").asText()).isEqualTo("automation.intent.execute");
            assertThat(done.get("target").asText()).isEqualTo(planId);
            assertThat(done.get("status").asText()).isEqualTo("succeeded");
            assertThat(done.get("result_reference").asText()).isEqualTo(inst.toString());
            assertThat(status(c, inst)).isEqualTo("stopped");
            assertThat(code(() -> c.call("mcsl.automation.intent.execute", Map.of("plan_id", planId,
                    "executor_principal", "me")))).isEqualTo("plan.single_flight");
        } finally {
            apply(c);
            stopIfRunning(inst);
        }
    }
}
