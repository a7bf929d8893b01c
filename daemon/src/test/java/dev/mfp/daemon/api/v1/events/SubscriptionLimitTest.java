package dev.mfp.daemon.api.v1.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpEvent;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Hardening item 12: one connection cannot make the daemon hold an unbounded set of instance_log metas. */
@DaemonTest
class SubscriptionLimitTest {
    private static TestDaemon daemon;

    private static Map<String, Object> instanceLog(UUID id) {
        return Map.of("type", "instance_log", "meta", Map.of("instance_id", id.toString()));
    }

    private static List<JsonNode> subscribeAll(MfpClient c, List<UUID> ids) throws Exception {
        List<CompletableFuture<JsonNode>> pending = new ArrayList<>();
        for (UUID id : ids) {
            pending.add(c.request("subscribe_event", instanceLog(id)));
        }
        List<JsonNode> answers = new ArrayList<>();
        for (CompletableFuture<JsonNode> f : pending) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    @Test
    void instanceLogMetasPerConnectionAreCappedWith10005() throws Exception {
        MfpClient c = daemon.client();
        BlockingQueue<MfpEvent> got = new LinkedBlockingQueue<>();
        c.onEvent(got::add);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < Subscriptions.MAX_METAS_PER_TYPE; i++) {
            ids.add(UUID.randomUUID());
        }
        for (JsonNode r : subscribeAll(c, ids)) {
            assertThat(r.get("retcode").asInt()).as(r.toString()).isZero();
        }

        UUID oneTooMany = UUID.randomUUID();
        JsonNode refused = c.request("subscribe_event", instanceLog(oneTooMany)).get(30, TimeUnit.SECONDS);
        assertThat(refused.get("retcode").asInt()).as(refused.toString()).isEqualTo(10005);
        assertThat(refused.get("status").asText()).isEqualTo("error");
        assertThat(refused.get("message").asText()).startsWith("Rate Limit Exceeded");

        // what is already subscribed stays subscribed, and subscribing it again is still fine
        JsonNode again = c.request("subscribe_event", instanceLog(ids.get(0))).get(30, TimeUnit.SECONDS);
        assertThat(again.get("retcode").asInt()).isZero();
        JsonNode report = c.request("subscribe_event",
                new java.util.HashMap<>(Map.of("type", "daemon_report"))).get(30, TimeUnit.SECONDS);
        assertThat(report.get("retcode").asInt()).as("other types are not affected").isZero();

        daemon.daemon().events().publishInstanceLog(oneTooMany, "refused");
        daemon.daemon().events().publishInstanceLog(ids.get(ids.size() - 1), "last");
        MfpEvent e = got.poll(10, TimeUnit.SECONDS);
        while (e != null && !e.event().equals("instance_log")) {
            e = got.poll(10, TimeUnit.SECONDS);
        }
        assertThat(e).isNotNull();
        assertThat(e.data().get("log").asText()).as("the refused meta was not added").isEqualTo("last");

        // unsubscribing frees a place
        assertThat(c.request("unsubscribe_event", instanceLog(ids.get(1))).get(30, TimeUnit.SECONDS)
                .get("retcode").asInt()).isZero();
        assertThat(c.request("subscribe_event", instanceLog(oneTooMany)).get(30, TimeUnit.SECONDS)
                .get("retcode").asInt()).isZero();

        // the cap is per connection
        MfpClient other = daemon.client();
        assertThat(other.request("subscribe_event", instanceLog(UUID.randomUUID())).get(30, TimeUnit.SECONDS)
                .get("retcode").asInt()).isZero();
    }
}
