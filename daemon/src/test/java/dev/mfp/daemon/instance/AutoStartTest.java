package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.Requests;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Auto-start (extensions.md §5): after a restart the instances with {@code auto_start} come up in the order of
 * their delay, one at a time with {@code auto_start_concurrency: 1}, a broken one among them delays neither the
 * daemon nor the others, and the others stay stopped. v1 settings accept and return the two members.
 */
class AutoStartTest {
    @AfterAll
    static void noLeftovers() {
        TestDaemon.assertNoChildProcesses();
    }

    @Test
    void autoStartedInDelayOrderOneAtATimeAndABrokenOneDelaysNobody() throws Exception {
        Path work = Files.createTempDirectory("mfp-autostart");
        try {
            UUID first;
            UUID second;
            UUID manual;
            UUID broken;
            try (TestDaemon d = TestDaemon.startIn(work)) {
                MfpClient c = d.client();
                first = add(d, c, "first", true, 0);
                second = add(d, c, "second", true, 1);
                manual = add(d, c, "manual", false, 0);
                broken = add(d, c, "broken", false, 0);
                // switched on through update_instance_settings, which accepts and returns the members
                JsonNode r = c.call("update_instance_settings", params("id", broken.toString(), "name", "broken",
                        "instance_type", "mc_vanilla", "arguments", FakeServer.smallJvm(), "force_rerun_installer", false,
                        "auto_start", true, "auto_start_delay_seconds", 0));
                assertThat(r.get("config").get("auto_start").asBoolean()).isTrue();
                assertThat(r.get("config").get("auto_start_delay_seconds").asInt()).isZero();
                JsonNode settings = c.call("get_instance_settings", params("id", second.toString())).get("config");
                assertThat(settings.get("auto_start").asBoolean()).isTrue();
                assertThat(settings.get("auto_start_delay_seconds").asInt()).isEqualTo(1);
                assertThat(Requests.code(() -> c.call("update_instance_settings", params("id", manual.toString(),
                        "name", "manual", "instance_type", "mc_vanilla", "arguments", FakeServer.smallJvm(),
                        "force_rerun_installer", false, "auto_start_delay_seconds", -1)))).isEqualTo(11002);
                Files.delete(d.root().resolve("instances/" + broken + "/server.jar"));
            }
            assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()).isEmpty();

            try (TestDaemon d = TestDaemon.startWith(work, Map.of("auto_start_concurrency", 1))) {
                MfpClient c = d.client();
                Map<UUID, Long> runningAt = new LinkedHashMap<>();
                List<String> overlaps = new ArrayList<>();
                await().atMost(Instances.WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                    JsonNode all = c.call("get_all_reports", null).get("reports");
                    String a = all.get(first.toString()).get("status").asText();
                    String b = all.get(second.toString()).get("status").asText();
                    if (a.equals("starting") && b.equals("starting")) {
                        overlaps.add(a + "/" + b);
                    }
                    for (UUID id : List.of(first, second)) {
                        if (all.get(id.toString()).get("status").asText().equals("running")) {
                            runningAt.putIfAbsent(id, System.nanoTime());
                        }
                    }
                    return runningAt.size() == 2;
                });
                assertThat(runningAt.keySet()).containsExactly(first, second);
                assertThat(overlaps).as("both starting at once with auto_start_concurrency 1").isEmpty();
                assertThat(Instances.status(c, manual)).isEqualTo("stopped");
                assertThat(Instances.status(c, broken)).isEqualTo("stopped");
            }
        } finally {
            TestDaemon.deleteTree(work);
        }
    }

    private static UUID add(TestDaemon d, MfpClient c, String name, boolean autoStart, int delay) throws Exception {
        ObjectNode s = Instances.mcSetting(name, FakeServer.uploadServerJar(d));
        if (autoStart) {
            s.put("auto_start", true);
            s.put("auto_start_delay_seconds", delay);
        }
        UUID id = UUID.fromString(c.call("add_instance", params("setting", s)).get("config").get("uuid").asText());
        FakeServer.writeProperties(d, id, FakeServer.freePort());
        return id;
    }
}
