package dev.mfp.daemon.support;

import static dev.mfp.daemon.support.Requests.params;
import static org.awaitility.Awaitility.await;

import dev.mfp.client.MfpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Captures the instance_log events of one v1 connection, by instance. */
public final class V1Console {
    private final List<Map.Entry<String, String>> lines = new CopyOnWriteArrayList<>();

    public V1Console(MfpClient c) {
        c.onEvent(e -> {
            if (e.event().equals("instance_log")) {
                lines.add(Map.entry(e.meta().get("instance_id").asText(), e.data().get("log").asText()));
            }
        });
    }

    public static V1Console subscribe(MfpClient c, UUID... ids) {
        V1Console console = new V1Console(c);
        for (UUID id : ids) {
            c.call("subscribe_event", params("type", "instance_log", "meta", Map.of("instance_id", id.toString())));
        }
        return console;
    }

    public List<String> of(UUID id) {
        return lines.stream().filter(e -> e.getKey().equals(id.toString())).map(Map.Entry::getValue)
                .collect(Collectors.toList());
    }

    public List<String> instanceIds() {
        return lines.stream().map(Map.Entry::getKey).distinct().collect(Collectors.toList());
    }

    public void awaitLine(UUID id, String contains) {
        await().atMost(Instances.WAIT).pollInterval(Duration.ofMillis(20)).until(() ->
                of(id).stream().anyMatch(l -> l.contains(contains)));
    }
}
