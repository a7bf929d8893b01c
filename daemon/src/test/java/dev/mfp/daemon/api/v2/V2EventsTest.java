package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.V2Fixtures.awaitStatus;
import static dev.mfp.daemon.api.v2.V2Fixtures.code;
import static dev.mfp.daemon.api.v2.V2Fixtures.id;
import static dev.mfp.daemon.api.v2.V2Fixtures.invalidParams;
import static dev.mfp.daemon.api.v2.V2Fixtures.send;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.V1Console;
import dev.mfp.protocol.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** events.md (and client-compat.md §4) over a real /api/v2 WebSocket. */
@DaemonTest(noChildProcessesAfter = true)
class V2EventsTest {
    private static final String LOG = "mcsl.event.instance.log";
    private static final String REPORT = "mcsl.event.daemon.report";
    private static final String CATALOG = "mcsl.event.instance.catalog.changed";
    private static final String NOTIFICATION = "mcsl.event.notification";
    private static final String ONES = "11111111-1111-4111-8111-111111111111";
    private static TestDaemon d;

    private static JsonNode sub(MfpV2Client c, String event, Object... meta) {
        Map<String, Object> p = new HashMap<>();
        p.put("event", event);
        if (meta.length > 0) {
            p.put("meta", meta[0]);
        }
        return c.call("mcsl.event.subscribe", p);
    }

    private static JsonNode unsub(MfpV2Client c, String event, Object... meta) {
        Map<String, Object> p = new HashMap<>();
        p.put("event", event);
        if (meta.length > 0) {
            p.put("meta", meta[0]);
        }
        return c.call("mcsl.event.unsubscribe", p);
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void subscribeVectors() {
        MfpV2Client c = d.v2();
        for (String method : List.of("mcsl.event.subscribe", "mcsl.event.unsubscribe")) {
            // instance log
            assertThat(c.call(method, Map.of("event", LOG)).size()).isZero();
            Map<String, Object> nullMeta = new HashMap<>();
            nullMeta.put("event", LOG);
            nullMeta.put("meta", null);
            assertThat(code(() -> c.call(method, nullMeta))).isEqualTo("event.meta.invalid");
            assertThat(c.call(method, Map.of("event", LOG, "meta", Map.of("instance_id", ONES))).size()).isZero();
            for (String bad : List.of("{\"unknown\":true}", "{\"instance_id\":null}", "{\"instance_id\":{\"nested\":null}}",
                    "{}", "{\"instance_id\":\"not-a-uuid\"}", "{\"instance_id\":\"" + ONES + "\",\"x\":1}",
                    "[\"" + ONES + "\"]", "\"" + ONES + "\"", "5")) {
                assertThat(code(() -> c.call(method, Map.of("event", LOG, "meta", json(bad))))).as("%s %s", method, bad)
                        .isEqualTo("event.meta.invalid");
            }
            // duplicate members in the filter → -32602
            c.sendText("{\"jsonrpc\":\"2.0\",\"id\":\"dup\",\"method\":\"" + method + "\",\"params\":{\"event\":\"" + LOG
                    + "\",\"meta\":{\"instance_id\":\"" + ONES + "\",\"instance_id\":\"" + ONES + "\"}}}");
            try {
                JsonNode a = c.nextUnmatched(Duration.ofSeconds(10));
                assertThat(a.get("error").get("code").asInt()).isEqualTo(-32602);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            // daemon report and catalog: meta is never accepted
            for (String e : List.of(REPORT, CATALOG)) {
                assertThat(c.call(method, Map.of("event", e)).size()).isZero();
                Map<String, Object> n = new HashMap<>();
                n.put("event", e);
                n.put("meta", null);
                assertThat(code(() -> c.call(method, n))).isEqualTo("event.meta.invalid");
                assertThat(code(() -> c.call(method, Map.of("event", e, "meta", Map.of("instance_id", ONES)))))
                        .isEqualTo("event.meta.invalid");
                assertThat(code(() -> c.call(method, Map.of("event", e, "meta", Map.of())))).isEqualTo(
                        "event.meta.invalid");
            }
            // notification meta: both ids, non-zero
            assertThat(c.call(method, Map.of("event", NOTIFICATION)).size()).isZero();
            assertThat(c.call(method, Map.of("event", NOTIFICATION, "meta", Map.of("source_instance_id", ONES,
                    "rule_id", ONES))).size()).isZero();
            for (String bad : List.of("{\"source_instance_id\":\"" + ONES + "\"}",
                    "{\"source_instance_id\":\"00000000-0000-0000-0000-000000000000\",\"rule_id\":\"" + ONES + "\"}",
                    "{\"source_instance_id\":\"" + ONES + "\",\"rule_id\":\"00000000-0000-0000-0000-000000000000\"}",
                    "{\"instance_id\":\"" + ONES + "\"}")) {
                assertThat(code(() -> c.call(method, Map.of("event", NOTIFICATION, "meta", json(bad)))))
                        .as("%s %s", method, bad).isEqualTo("event.meta.invalid");
            }
            // names
            assertThat(code(() -> c.call(method, Map.of("event", "mcsl.event.no.such")))).isEqualTo("event.not_found");
            assertThat(code(() -> c.call(method, Map.of("event", "instance_log")))).isEqualTo("event.not_found");
            for (String bad : List.of("Mcsl.event.instance.log", "mcsl..event", "mcsl.event.", "with space",
                    ".x")) {
                assertThat(code(() -> c.call(method, Map.of("event", bad)))).as(bad).isEqualTo("event.invalid");
            }
            assertThat(V2Fixtures.error(() -> c.call(method, Map.of("event", "mcsl.event.no.such"))).code())
                    .isEqualTo(-32000);
            for (String blank : List.of("", "   ")) {
                invalidParams(() -> c.call(method, Map.of("event", blank)));
            }
            invalidParams(() -> c.call(method, Map.of()));
            invalidParams(() -> c.call(method, Map.of("event", LOG, "filter", Map.of())));
            invalidParams(() -> c.call(method, Map.of("event", 5)));
        }
    }

    /** Log lines of one instance received by a connection, until {@code last} (inclusive). */
    private static List<JsonNode> logEvents(MfpV2Client c, UUID id, String last, Duration wait)
            throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode n = c.nextNotification(LOG, Duration.ofMillis(200));
            if (n == null || !n.get("params").get("meta").get("instance_id").asText().equals(id.toString())) {
                continue;
            }
            out.add(n);
            if (last != null && n.get("params").get("data").get("log").asText().equals(last)) {
                return out;
            }
        }
        return out;
    }

    private static List<String> lines(List<JsonNode> events) {
        return events.stream().map(n -> n.get("params").get("data").get("log").asText()).toList();
    }

    @Test
    void instanceLogDeliveryShapeAndSingleCopy() throws Exception {
        MfpV2Client c = d.v2();
        UUID id = V2Fixtures.createEcho(d, c, "log", "universal");
        sub(c, LOG, Map.of("instance_id", id.toString().toUpperCase()));
        sub(c, LOG); // (E, all) as well: still one copy
        c.call("mcsl.instance.start", id(id));
        send(c, id, "first");
        send(c, id, "err on stderr");
        send(c, id, "last");
        List<JsonNode> events = new ArrayList<>(logEvents(c, id, "last", V2Fixtures.WAIT));
        // stdout and stderr are read by two threads: their lines keep their order within each stream only
        if (!lines(events).contains("[STDERR] on stderr")) {
            events.addAll(logEvents(c, id, "[STDERR] on stderr", V2Fixtures.WAIT));
        }
        assertThat(lines(events)).containsSubsequence("first", "last").contains("[STDERR] on stderr");
        assertThat(lines(events)).doesNotHaveDuplicates().noneMatch(String::isBlank);
        JsonNode first = events.stream().filter(n -> n.get("params").get("data").get("log").asText().equals("first"))
                .findFirst().orElseThrow();
        assertThat(first.has("id")).isFalse();
        assertThat(first.get("jsonrpc").asText()).isEqualTo("2.0");
        List<String> members = new ArrayList<>();
        first.get("params").fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactly("sequence", "timestamp", "meta", "data");
        JsonNode params = first.get("params");
        assertThat(params.get("timestamp").asLong()).isCloseTo(System.currentTimeMillis(),
                org.assertj.core.data.Offset.offset(60_000L));
        assertThat(params.get("meta").toString()).isEqualTo("{\"instance_id\":\"" + id + "\"}");
        assertThat(params.get("data").size()).isEqualTo(1);
        long last = -1;
        for (JsonNode n : events) {
            long s = n.get("params").get("sequence").asLong();
            assertThat(s).isGreaterThan(last);
            last = s;
        }
        // the history holds the same lines
        assertThat(V2Fixtures.logs(c, id)).containsSubsequence("first", "last").contains("[STDERR] on stderr")
                .noneMatch(String::isBlank);

        // unsubscribe removes exactly one key: the (E, all) key still delivers
        unsub(c, LOG, Map.of("instance_id", id.toString()));
        send(c, id, "after meta removed");
        assertThat(lines(logEvents(c, id, "after meta removed", V2Fixtures.WAIT))).containsExactly(
                "after meta removed");
        // the same key twice is one key; removing an absent key succeeds
        sub(c, LOG);
        unsub(c, LOG);
        unsub(c, LOG);
        unsub(c, LOG, Map.of("instance_id", ONES));
        send(c, id, "nobody listens");
        V2Fixtures.awaitLog(c, id, "nobody listens");
        assertThat(logEvents(c, id, null, Duration.ofSeconds(1))).isEmpty();
        // a filter for another instance gets nothing of this one
        sub(c, LOG, Map.of("instance_id", ONES));
        send(c, id, "other filter");
        V2Fixtures.awaitLog(c, id, "other filter");
        assertThat(logEvents(c, id, null, Duration.ofSeconds(1))).isEmpty();
        c.call("mcsl.instance.halt", id(id));
        c.call("mcsl.instance.remove", id(id));
    }

    @Test
    void daemonReportEveryThreeSeconds() throws Exception {
        MfpV2Client c = d.v2();
        sub(c, REPORT);
        JsonNode a = c.nextNotification(REPORT, Duration.ofSeconds(8));
        JsonNode b = c.nextNotification(REPORT, Duration.ofSeconds(8));
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        for (JsonNode n : List.of(a, b)) {
            assertThat(n.has("id")).isFalse();
            List<String> members = new ArrayList<>();
            n.get("params").fieldNames().forEachRemaining(members::add);
            assertThat(members).containsExactly("sequence", "timestamp", "data");
            JsonNode data = n.get("params").get("data");
            List<String> dm = new ArrayList<>();
            data.fieldNames().forEachRemaining(dm::add);
            assertThat(dm).containsExactly("system_info", "start_timestamp");
            assertThat(data.get("start_timestamp").asLong()).isPositive().isLessThan(n.get("params").get("timestamp")
                    .asLong());
            JsonNode info = data.get("system_info");
            assertThat(info.get("os").has("architecture")).isTrue();
            assertThat(info.get("mem").has("total_kilobytes")).isTrue();
            assertThat(info.get("daemon_version").asText()).isNotBlank();
        }
        assertThat(b.get("params").get("sequence").asLong()).isGreaterThan(a.get("params").get("sequence").asLong());
        long gap = b.get("params").get("timestamp").asLong() - a.get("params").get("timestamp").asLong();
        assertThat(gap).isBetween(2000L, 4500L);
        unsub(c, REPORT);
        // at most one already queued
        JsonNode late = c.nextNotification(REPORT, Duration.ofSeconds(4));
        if (late != null) {
            assertThat(c.nextNotification(REPORT, Duration.ofSeconds(4))).isNull();
        }
    }

    private static String issue(MfpV2Client main, List<String> permissions) {
        return main.call("mcsl.auth.token.issue", Map.of("subject", "events-test", "audience", "mcsl://daemon/api/v2",
                "permissions", permissions, "ttl_seconds", 600)).get("token").asText();
    }

    @Test
    void deliveryIsFilteredByTheConnectionsGrants() throws Exception {
        MfpV2Client main = d.v2();
        UUID id = V2Fixtures.createEcho(d, main, "grants", "universal");
        MfpV2Client narrow = d.connectV2(issue(main, List.of("mcsl.daemon.ping", "mcsl.system.info.get")));
        MfpV2Client logs = d.connectV2(issue(main, List.of("mcsl.instance.log.get")));
        // client-compat.md §4: subscribing needs no grant beyond the connection
        for (MfpV2Client c : List.of(narrow, logs)) {
            assertThat(sub(c, LOG).size()).isZero();
            assertThat(sub(c, LOG, Map.of("instance_id", id.toString())).size()).isZero();
            assertThat(sub(c, REPORT).size()).isZero();
            assertThat(sub(c, CATALOG).size()).isZero();
            assertThat(sub(c, NOTIFICATION).size()).isZero();
        }
        sub(main, LOG, Map.of("instance_id", id.toString()));
        main.call("mcsl.instance.start", id(id));
        send(main, id, "granted line");
        assertThat(lines(logEvents(main, id, "granted line", V2Fixtures.WAIT))).contains("granted line");
        assertThat(lines(logEvents(logs, id, "granted line", V2Fixtures.WAIT))).contains("granted line");
        // the narrow connection receives reports (mcsl.system.info.get) but no log lines and no catalog changes
        assertThat(narrow.nextNotification(REPORT, Duration.ofSeconds(8))).isNotNull();
        main.call("mcsl.instance.halt", id(id));
        awaitStatus(main, id, "stopped");
        List<JsonNode> seen = new ArrayList<>();
        JsonNode n;
        while ((n = narrow.nextNotification(Duration.ofSeconds(1))) != null) {
            seen.add(n);
        }
        assertThat(seen).allMatch(e -> e.get("method").asText().equals(REPORT));
        // the log-only connection: no reports, no catalog
        List<JsonNode> seen2 = new ArrayList<>();
        while ((n = logs.nextNotification(Duration.ofMillis(500))) != null) {
            seen2.add(n);
        }
        assertThat(seen2).allMatch(e -> e.get("method").asText().equals(LOG));
        main.call("mcsl.instance.remove", id(id));
    }

    @Test
    void aV1AndAV2ClientShareTheInstance() throws Exception {
        MfpV2Client v2 = d.v2();
        MfpClient v1 = d.client();
        UUID id = V2Fixtures.createServer(d, v2, "shared");
        V1Console v1Console = V1Console.subscribe(v1, id);
        sub(v2, LOG, Map.of("instance_id", id.toString()));
        sub(v2, CATALOG);
        // v1 start, v2 sees it
        v1.call("start_instance", params("id", id.toString()));
        awaitStatus(v2, id, "running");
        send(v2, id, "say from v2");
        v1Console.awaitLine(id, "[Server] from v2");
        Instances.awaitStatus(v1, id, "running");
        // v2 stop, v1 sees it
        v2.call("mcsl.instance.stop", id(id));
        Instances.awaitStatus(v1, id, "stopped");
        awaitStatus(v2, id, "stopped");
        Instances.awaitHistoryContains(v1, id, "All dimensions are saved");
        List<String> v2All = lines(logEvents(v2, id, null, Duration.ofSeconds(2)));
        // v2 also has the daemon's lifecycle lines (events.md §4.1), v1 only the process's (v1 events.md §2);
        // otherwise both received the same lines, in the same order, equal to the shared history
        assertThat(v2All).contains("[MCSL] Instance starting.", "[MCSL] Instance stopped.");
        List<String> v2Lines = v2All.stream().filter(l -> !l.startsWith("[MCSL] ")).toList();
        await().atMost(V2Fixtures.WAIT).until(() -> v1Console.of(id).size() >= v2Lines.size());
        assertThat(v2Lines).anyMatch(l -> l.endsWith("[Server] from v2"));
        assertThat(v1Console.of(id).stream().filter(l -> !l.isBlank()).toList()).containsExactlyElementsOf(v2Lines);
        assertThat(Instances.history(v1, id).stream().filter(l -> !l.isBlank()).toList()).containsExactlyElementsOf(
                V2Fixtures.logs(v2, id).stream().filter(l -> !l.startsWith("[MCSL] ")).toList());
        // the v1 client saw no v2-only event (catalog, notification)
        v2.call("mcsl.instance.remove", id(id));
        assertThat(v1Console.instanceIds()).containsOnly(id.toString());
    }

    @Test
    void aFloodReachesAV2SubscriberWhole() throws Exception {
        // console lines are written in bursts per console read; v2 closes a connection with more than 256 queued
        // messages, so a burst must never hold more than that back
        MfpV2Client c = d.v2();
        UUID id = V2Fixtures.createServer(d, c, "flood");
        sub(c, LOG, Map.of("instance_id", id.toString()));
        c.call("mcsl.instance.start", id(id));
        awaitStatus(c, id, "running");
        int lines = 5000;
        send(c, id, "testkit flood " + lines);
        long next = 1; // the testkit counts from 1
        long deadline = System.nanoTime() + V2Fixtures.WAIT.toNanos();
        boolean done = false;
        while (!done && System.nanoTime() < deadline) {
            JsonNode n = c.nextNotification(LOG, Duration.ofMillis(200));
            if (n == null) {
                continue;
            }
            String log = n.get("params").get("data").get("log").asText();
            int at = log.indexOf("]: flood ");
            if (at < 0) {
                continue;
            }
            if (log.endsWith("flood done")) {
                done = true;
            } else {
                assertThat(Long.parseLong(log.substring(at + 9))).as("in order, none lost").isEqualTo(next);
                next++;
            }
        }
        assertThat(done).isTrue();
        assertThat(next - 1).isEqualTo(lines);
        assertThat(c.call("mcsl.daemon.ping", Map.of()).has("time")).as("the connection is still open").isTrue();
        c.call("mcsl.instance.stop", id(id));
        awaitStatus(c, id, "stopped");
    }

    @Test
    void sequencesAreStrictlyIncreasingAcrossEvents() throws Exception {
        MfpV2Client c = d.v2();
        sub(c, CATALOG);
        sub(c, LOG);
        sub(c, REPORT);
        UUID id = V2Fixtures.createEcho(d, c, "seq", "universal");
        c.call("mcsl.instance.start", id(id));
        for (int i = 0; i < 20; i++) {
            send(c, id, "line " + i);
        }
        V2Fixtures.awaitLog(c, id, "line 19");
        c.call("mcsl.instance.halt", id(id));
        c.call("mcsl.instance.remove", id(id));
        long last = 0;
        int count = 0;
        JsonNode n;
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < deadline && (n = c.nextNotification(Duration.ofMillis(500))) != null) {
            long s = n.get("params").get("sequence").asLong();
            assertThat(s).as(n.toString()).isGreaterThan(last);
            last = s;
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(22);
    }

    @Test
    void sendNotificationRulePublishesANotification() throws Exception {
        MfpV2Client c = d.v2();
        MfpClient v1 = d.client();
        UUID id = V2Fixtures.createEcho(d, c, "notify", "universal");
        String ruleId = "21111111-2222-4333-8444-555555555555";
        ObjectNode req = Json.mapper().createObjectNode().put("instance_id", id.toString());
        req.set("rules", json("[{\"id\":\"" + ruleId + "\",\"name\":\"n\",\"triggers\":[{\"type\":\"ConsoleOutput\","
                + "\"pattern\":\"please notify\"}],\"actions\":[{\"id\":\"31111111-2222-4333-8444-555555555555\","
                + "\"type\":\"SendNotification\",\"title\":\"Hello\",\"message\":\"it said please\",\"severity\":"
                + "\"Warning\"}]},"
                + "{\"name\":\"no id\",\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"please notify\"}],"
                + "\"actions\":[{\"type\":\"SendNotification\",\"title\":\"x\",\"message\":\"y\",\"severity\":\"Info\"}]}]"));
        c.call("mcsl.instance.event-rules.update", req);
        sub(c, NOTIFICATION, Map.of("source_instance_id", id.toString(), "rule_id", ruleId.toUpperCase()));
        sub(c, NOTIFICATION);
        MfpV2Client other = d.v2();
        sub(other, NOTIFICATION, Map.of("source_instance_id", id.toString(), "rule_id", ONES));
        List<String> v1Events = new java.util.concurrent.CopyOnWriteArrayList<>();
        v1.onEvent(e -> v1Events.add(e.event()));
        v1.call("subscribe_event", params("type", "instance_log", "meta", Map.of("instance_id", id.toString())));
        c.call("mcsl.instance.start", id(id));
        send(c, id, "please notify me");
        JsonNode n = c.nextNotification(NOTIFICATION, V2Fixtures.WAIT);
        assertThat(n).isNotNull();
        assertThat(n.has("id")).isFalse();
        JsonNode params = n.get("params");
        List<String> members = new ArrayList<>();
        params.fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactly("sequence", "timestamp", "meta", "data");
        Map<String, String> meta = new LinkedHashMap<>();
        params.get("meta").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
        assertThat(meta).containsExactly(Map.entry("source_instance_id", id.toString()), Map.entry("rule_id", ruleId));
        assertThat(params.get("data").toString()).isEqualTo(
                "{\"title\":\"Hello\",\"message\":\"it said please\",\"severity\":\"Warning\"}");
        // one copy although two keys match; the rule without an id publishes nothing
        assertThat(c.nextNotification(NOTIFICATION, Duration.ofSeconds(2))).isNull();
        // a filter for another rule receives nothing
        assertThat(other.nextNotification(NOTIFICATION, Duration.ofMillis(500))).isNull();
        // v1 ignores notifications
        await().atMost(V2Fixtures.WAIT).until(() -> v1Events.contains("instance_log"));
        assertThat(v1Events).containsOnly("instance_log");
        c.call("mcsl.instance.halt", id(id));
        c.call("mcsl.instance.remove", id(id));
    }

    @Test
    void subscriptionsEndWithTheConnection() throws Exception {
        MfpV2Client c = d.v2();
        sub(c, LOG);
        c.close();
        MfpV2Client again = d.v2();
        UUID id = V2Fixtures.createEcho(d, again, "reconnect", "universal");
        again.call("mcsl.instance.start", id(id));
        send(again, id, "x");
        V2Fixtures.awaitLog(again, id, "x");
        assertThat(again.nextNotification(LOG, Duration.ofMillis(500))).isNull();
        again.call("mcsl.instance.halt", id(id));
        again.call("mcsl.instance.remove", id(id));
        Iterator<String> unused = List.<String>of().iterator();
        assertThat(unused.hasNext()).isFalse();
    }
}
