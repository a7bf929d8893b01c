package dev.mfp.daemon.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpEvent;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** events.md and actions.md §1–2 on the wire. */
@DaemonTest
class EventsConformanceTest {
    private static TestDaemon daemon;

    private static JsonNode send(MfpClient c, String action, String params) throws Exception {
        UUID id = UUID.randomUUID();
        return c.requestRaw("{\"action\":\"" + action + "\",\"params\":" + params + ",\"id\":\"" + id + "\"}", id)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void s1_s2_2_daemonReportEnvelope() throws Exception {
        MfpClient c = daemon.connect(daemon.subtoken("mcsl.daemon.unrelated", 60)); // subscriptions need no permission
        BlockingQueue<MfpEvent> got = new LinkedBlockingQueue<>();
        c.onEvent(got::add);
        assertThat(send(c, "subscribe_event", "{\"type\":\"daemon_report\",\"meta\":null}").get("retcode").asInt()).isZero();
        MfpEvent e = got.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("a daemon_report within one period").isNotNull();
        assertThat(e.event()).isEqualTo("daemon_report");
        assertThat(e.meta() != null && e.meta().isNull()).as("meta is present and null").isTrue();
        long now = System.currentTimeMillis();
        assertThat(e.time()).as("ms").isBetween(now - 30_000, now + 30_000);
        JsonNode report = e.data().get("report");
        for (String m : List.of("os", "cpu", "mem", "drive", "drives", "daemon_version", "start_time_stamp")) {
            assertThat(report.has(m)).as(m).isTrue();
        }
        assertThat(report.get("start_time_stamp").asLong()).as("ms").isBetween(now - 3_600_000, now);
        for (String m : List.of("vendor", "name", "count", "usage", "core_count", "thread_count")) {
            assertThat(report.get("cpu").has(m)).as("cpu." + m).isTrue();
        }
        assertThat(report.get("os").get("arch").asText()).isIn("X64", "X86", "Arm", "Arm64");
        assertThat(send(c, "unsubscribe_event", "{\"type\":\"daemon_report\",\"meta\":null}").get("retcode").asInt()).isZero();
    }

    @Test
    void s3_subscriptionValidation() throws Exception {
        MfpClient c = daemon.client();
        for (String meta : new String[] {"null", "{}", "{\"other\":1}"}) {
            JsonNode r = send(c, "subscribe_event", "{\"type\":\"instance_log\",\"meta\":" + meta + "}");
            assertThat(r.get("retcode").asInt()).as(meta).isEqualTo(11001);
            assertThat(r.get("message").asText()).isEqualTo("Bad Param: Event instance_log missing meta");
        }
        assertThat(send(c, "subscribe_event", "{\"type\":\"instance_log\"}").get("retcode").asInt()).isEqualTo(11001);
        assertThat(send(c, "subscribe_event", "{\"type\":\"instance_status\",\"meta\":null}").get("retcode").asInt())
                .isEqualTo(11001);
        assertThat(send(c, "subscribe_event", "{\"meta\":null}").get("retcode").asInt()).isEqualTo(11001);
        assertThat(send(c, "subscribe_event", "null").get("retcode").asInt()).isEqualTo(11001);
        String meta = "{\"instance_id\":\"" + UUID.randomUUID() + "\"}";
        // the instance does not have to exist; twice is idempotent
        assertThat(send(c, "subscribe_event", "{\"type\":\"instance_log\",\"meta\":" + meta + "}").get("retcode").asInt()).isZero();
        assertThat(send(c, "subscribe_event", "{\"type\":\"instance_log\",\"meta\":" + meta + "}").get("retcode").asInt()).isZero();
        assertThat(send(c, "unsubscribe_event", "{\"type\":\"instance_log\",\"meta\":" + meta + "}").get("retcode").asInt()).isZero();
        // unsubscribing something not subscribed succeeds; malformed meta → 11001
        assertThat(send(c, "unsubscribe_event", "{\"type\":\"instance_log\",\"meta\":" + meta + "}").get("retcode").asInt()).isZero();
        assertThat(send(c, "unsubscribe_event", "{\"type\":\"daemon_report\",\"meta\":null}").get("retcode").asInt()).isZero();
        assertThat(send(c, "unsubscribe_event", "{\"type\":\"instance_log\",\"meta\":{}}").get("retcode").asInt()).isEqualTo(11001);
        // enum values: snake_case, any case, PascalCase
        for (String type : new String[] {"daemon_report", "DAEMON_REPORT", "DaemonReport"}) {
            assertThat(send(c, "subscribe_event", "{\"type\":\"" + type + "\",\"meta\":null}").get("retcode").asInt())
                    .as(type).isZero();
        }
        send(c, "unsubscribe_event", "{\"type\":\"daemon_report\",\"meta\":null}");
    }

    @Test
    void s3_instanceLogIsDeliveredByMetaValue() throws Exception {
        MfpClient c = daemon.client();
        BlockingQueue<MfpEvent> got = new LinkedBlockingQueue<>();
        c.onEvent(got::add);
        UUID instance = UUID.randomUUID();
        // metas are compared by value: an upper-case id is the same instance
        send(c, "subscribe_event", "{\"type\":\"instance_log\",\"meta\":{\"instance_id\":\""
                + instance.toString().toUpperCase() + "\"}}");
        daemon.daemon().events().publishInstanceLog(UUID.randomUUID(), "other");
        daemon.daemon().events().publishInstanceLog(instance, "mine");
        MfpEvent e = got.poll(10, TimeUnit.SECONDS);
        assertThat(e.event()).isEqualTo("instance_log");
        assertThat(e.meta().get("instance_id").asText()).isEqualTo(instance.toString());
        assertThat(e.data().get("log").asText()).isEqualTo("mine");
        assertThat(e.data().size()).isEqualTo(1);
    }
}
