package dev.mfp.daemon.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpEvent;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** events.md: envelopes, daemon_report to subscribers only, instance_log meta filters. */
@DaemonTest
class EventsTest {
    private static TestDaemon daemon;

    private static BlockingQueue<MfpEvent> collect(MfpClient c) {
        BlockingQueue<MfpEvent> q = new LinkedBlockingQueue<>();
        c.onEvent(q::add);
        return q;
    }

    private static Map<String, Object> instanceLog(UUID id) {
        return Map.of("type", "instance_log", "meta", Map.of("instance_id", id.toString()));
    }

    @Test
    void daemonReportGoesToSubscribersOnly() throws Exception {
        MfpClient subscriber = daemon.client();
        MfpClient other = daemon.client();
        BlockingQueue<MfpEvent> got = collect(subscriber);
        BlockingQueue<MfpEvent> otherGot = collect(other);
        java.util.HashMap<String, Object> params = new java.util.HashMap<>();
        params.put("type", "daemon_report");
        params.put("meta", null);
        subscriber.call("subscribe_event", params);
        MfpEvent e = got.poll(15, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.event()).isEqualTo("daemon_report");
        assertThat(e.meta() == null || e.meta().isNull()).isTrue();
        long now = System.currentTimeMillis();
        assertThat(e.time()).isBetween(now - 60_000, now + 60_000);
        JsonNode report = e.data().get("report");
        for (String member : List.of("os", "cpu", "mem", "drive", "drives", "daemon_version", "start_time_stamp")) {
            assertThat(report.has(member)).as(member).isTrue();
        }
        assertThat(report.get("start_time_stamp").asLong()).isLessThanOrEqualTo(now);
        MfpEvent second = got.poll(15, TimeUnit.SECONDS);
        assertThat(second).as("reports keep coming").isNotNull();
        assertThat(second.time() - e.time()).as("period").isPositive();
        assertThat(otherGot).as("a connection that did not subscribe gets nothing").isEmpty();

        subscriber.call("unsubscribe_event", params);
        // Once the unsubscribe is answered, no report can be queued for this connection any more.
        got.clear();
        Thread.sleep(3500);
        assertThat(got).isEmpty();
    }

    @Test
    void rawEventFramesHaveTheFourMembers() throws Exception {
        MfpClient c = daemon.client();
        UUID instance = UUID.randomUUID();
        BlockingQueue<MfpEvent> got = collect(c);
        c.call("subscribe_event", instanceLog(instance));
        daemon.daemon().events().publishInstanceLog(instance, "Done (1.0s)! \"quoted\" ünïcode \uD83D\uDE00");
        MfpEvent e = got.poll(10, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.event()).isEqualTo("instance_log");
        assertThat(e.meta().get("instance_id").asText()).isEqualTo(instance.toString());
        assertThat(e.data().get("log").asText()).isEqualTo("Done (1.0s)! \"quoted\" ünïcode \uD83D\uDE00");
        assertThat(Json.mapper().writeValueAsString(e.data())).isNotEmpty();
    }

    @Test
    void instanceLogIsFilteredByInstanceId() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        MfpClient onlyA = daemon.client();
        MfpClient both = daemon.client();
        MfpClient none = daemon.client();
        BlockingQueue<MfpEvent> gotA = collect(onlyA);
        BlockingQueue<MfpEvent> gotBoth = collect(both);
        BlockingQueue<MfpEvent> gotNone = collect(none);
        onlyA.call("subscribe_event", instanceLog(a));
        onlyA.call("subscribe_event", instanceLog(a)); // idempotent
        both.call("subscribe_event", instanceLog(a));
        both.call("subscribe_event", instanceLog(b));

        for (int i = 0; i < 50; i++) {
            daemon.daemon().events().publishInstanceLog(a, "a" + i);
            daemon.daemon().events().publishInstanceLog(b, "b" + i);
        }
        for (int i = 0; i < 50; i++) {
            MfpEvent e = gotA.poll(10, TimeUnit.SECONDS);
            assertThat(e.data().get("log").asText()).as("order kept").isEqualTo("a" + i);
        }
        int aSeen = 0;
        int bSeen = 0;
        for (int i = 0; i < 100; i++) {
            MfpEvent e = gotBoth.poll(10, TimeUnit.SECONDS);
            String log = e.data().get("log").asText();
            if (log.startsWith("a")) {
                assertThat(log).isEqualTo("a" + aSeen++);
            } else {
                assertThat(log).isEqualTo("b" + bSeen++);
            }
        }
        // A marker proves all earlier events were delivered (one ordered queue per connection).
        UUID marker = UUID.randomUUID();
        onlyA.call("subscribe_event", instanceLog(marker));
        none.call("subscribe_event", instanceLog(marker));
        daemon.daemon().events().publishInstanceLog(marker, "end");
        assertThat(gotA.poll(10, TimeUnit.SECONDS).data().get("log").asText()).isEqualTo("end");
        assertThat(gotNone.poll(10, TimeUnit.SECONDS).data().get("log").asText()).isEqualTo("end");
        assertThat(gotNone).isEmpty();
        assertThat(gotA).isEmpty();
    }

    @Test
    void unsubscribeWithNullMetaRemovesTheWholeType() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID marker = UUID.randomUUID();
        MfpClient c = daemon.client();
        BlockingQueue<MfpEvent> got = collect(c);
        c.call("subscribe_event", instanceLog(a));
        c.call("subscribe_event", instanceLog(b));
        java.util.HashMap<String, Object> all = new java.util.HashMap<>();
        all.put("type", "instance_log");
        all.put("meta", null);
        c.call("unsubscribe_event", all);
        c.call("subscribe_event", instanceLog(marker));
        daemon.daemon().events().publishInstanceLog(a, "x");
        daemon.daemon().events().publishInstanceLog(b, "y");
        daemon.daemon().events().publishInstanceLog(marker, "end");
        assertThat(got.poll(10, TimeUnit.SECONDS).data().get("log").asText()).isEqualTo("end");
        assertThat(got).isEmpty();
    }

    @Test
    void unsubscribingOneOfSeveralMetasKeepsTheOthers() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        MfpClient c = daemon.client();
        BlockingQueue<MfpEvent> got = collect(c);
        c.call("subscribe_event", instanceLog(a));
        c.call("subscribe_event", instanceLog(b));
        c.call("unsubscribe_event", instanceLog(a));
        daemon.daemon().events().publishInstanceLog(a, "x");
        daemon.daemon().events().publishInstanceLog(b, "y");
        assertThat(got.poll(10, TimeUnit.SECONDS).data().get("log").asText()).isEqualTo("y");
        // Unsubscribing what was never subscribed succeeds.
        assertThat(daemon.client().call("unsubscribe_event", instanceLog(UUID.randomUUID())).size()).isZero();
    }

    @Test
    void subscriptionsDieWithTheConnection() throws Exception {
        UUID a = UUID.randomUUID();
        MfpClient c = daemon.client();
        c.call("subscribe_event", instanceLog(a));
        c.close();
        // Publishing to a closed connection must be harmless for everyone else.
        daemon.daemon().events().publishInstanceLog(a, "after close");
        assertThat(daemon.client().call("ping", null).has("time")).isTrue();
    }
}
