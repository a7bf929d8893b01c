package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.addServer;
import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Instances.startAndAwaitRunning;
import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.V1Console;
import dev.mfp.protocol.json.Json;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Event rules: verbatim round trip, validation codes, and the engine really firing. */
@DaemonTest(noChildProcessesAfter = true)
class InstanceRulesTest {
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    private static JsonNode rules(String json) throws Exception {
        return Json.mapper().readTree(json);
    }

    private static void save(UUID id, String json) throws Exception {
        c.call("save_event_rules", params("instance_id", id.toString(), "rules", rules(json)));
    }

    @Test
    void rulesRoundTripVerbatimAndArePersisted() throws Exception {
        UUID id = addServer(d, c, "roundtrip");
        assertThat(c.call("get_event_rules", params("instance_id", id.toString())).get("rules").size()).isZero();
        String json = "[{\"id\":\"e4d3c2b1-a098-4765-8432-10fedcba9876\",\"name\":\"Restart on crash\",\"description\":\"\","
                + "\"is_enabled\":false,\"trigger_condition\":\"Any\",\"triggers\":[{\"id\":\"11111111-2222-4333-8444-555555555555\","
                + "\"type\":\"InstanceStatus\",\"target_status\":\"Crashed\"}],\"action_execution_mode\":\"Sequential\","
                + "\"rulesets\":[{\"id\":\"21111111-2222-4333-8444-555555555555\",\"type\":\"AlwaysTrue\"}],"
                + "\"actions\":[{\"id\":\"66666666-7777-4888-9999-aaaaaaaaaaaa\",\"type\":\"ChangeInstanceStatus\","
                + "\"action\":\"Start\"},{\"id\":\"76666666-7777-4888-9999-aaaaaaaaaaaa\",\"type\":\"SendNotification\","
                + "\"title\":\"t\",\"message\":\"m\",\"severity\":\"Warning\",\"extra_member\":42}]}]";
        save(id, json);
        assertThat(c.call("get_event_rules", params("instance_id", id.toString())).get("rules")).isEqualTo(rules(json));
        JsonNode onDisk = Json.mapper().readTree(d.root().resolve("instances/" + id + "/daemon_instance.json").toFile());
        assertThat(onDisk.get("event_rules")).isEqualTo(rules(json));
    }

    @Test
    void invalidRulesAreRefused() throws Exception {
        UUID id = addServer(d, c, "invalid");
        String p = id.toString();
        assertThat(code(() -> c.call("save_event_rules", params("instance_id", p)))).isEqualTo(11001);
        assertThat(code(() -> c.call("save_event_rules", params("instance_id", p, "rules",
                List.of(java.util.Map.of("triggers", List.of(java.util.Map.of("pattern", "x")))))))).isEqualTo(11001);
        assertThat(code(() -> c.call("save_event_rules", params("instance_id", p, "rules",
                List.of(java.util.Map.of("actions", List.of(java.util.Map.of("type", "LaunchRocket")))))))).isEqualTo(11001);
        assertThat(code(() -> c.call("save_event_rules", params("instance_id", p, "rules",
                List.of(java.util.Map.of("triggers", List.of(java.util.Map.of("type", "ConsoleOutput", "pattern", "([",
                        "is_regex", true)))))))).isEqualTo(11002);
        assertThat(code(() -> c.call("save_event_rules", params("instance_id", p, "rules",
                List.of(java.util.Map.of("triggers", List.of(java.util.Map.of("type", "Schedule",
                        "cron_expression", "61 * * * *")))))))).isEqualTo(11002);
        assertThat(code(() -> c.call("save_event_rules", params("instance_id", p, "rules", List.of(5))))).isEqualTo(11001);
        assertThat(c.call("get_event_rules", params("instance_id", p)).get("rules").size()).isZero();
    }

    @Test
    void consoleStatusAndScheduleTriggersFire() throws Exception {
        UUID id = addServer(d, c, "engine");
        V1Console console = V1Console.subscribe(c, id);
        save(id, "["
                + "{\"name\":\"greet\",\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"Done \\\\(\\\\d\",\"is_regex\":true}],"
                + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say rule saw done\"}]},"
                + "{\"name\":\"substring\",\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"rule saw done\"}],"
                + " \"rulesets\":[{\"type\":\"InstanceStatus\",\"target_status\":\"Running\"}],"
                + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say substring matched\"}]},"
                + "{\"name\":\"never\",\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"rule saw done\"}],"
                + " \"rulesets\":[{\"type\":\"AlwaysFalse\"}],"
                + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say must not happen\"}]},"
                + "{\"name\":\"disabled\",\"is_enabled\":false,\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"Done\"}],"
                + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say disabled fired\"}]},"
                + "{\"name\":\"tick\",\"triggers\":[{\"type\":\"Schedule\",\"cron_expression\":\"* * * * * *\"}],"
                + " \"rulesets\":[{\"type\":\"InstanceStatus\",\"target_status\":\"running\"}],"
                + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say tick\"}]},"
                + "{\"name\":\"revive\",\"triggers\":[{\"type\":\"InstanceStatus\",\"target_status\":\"Crashed\"}],"
                + " \"actions\":[{\"type\":\"SendNotification\",\"title\":\"crash\",\"message\":\"restarting\",\"severity\":\"Error\"},"
                + "              {\"type\":\"ChangeInstanceStatus\",\"action\":\"Start\"}]}"
                + "]");
        startAndAwaitRunning(c, id);
        console.awaitLine(id, "[Server] rule saw done");
        console.awaitLine(id, "[Server] substring matched");
        console.awaitLine(id, "[Server] tick");
        // crash → the InstanceStatus trigger starts it again
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit crash"));
        await().atMost(Instances.WAIT).until(() -> console.of(id).stream().filter(l -> l.contains("rule saw done"))
                .count() >= 2);
        awaitStatus(c, id, "running");
        assertThat(console.of(id)).noneMatch(l -> l.contains("must not happen") || l.contains("disabled fired"));
        // rules replaced: take effect immediately
        save(id, "[{\"name\":\"stopper\",\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"please stop\"}],"
                + "\"actions\":[{\"type\":\"ChangeInstanceStatus\",\"action\":\"Stop\"}]}]");
        c.call("send_to_instance", params("id", id.toString(), "message", "say please stop"));
        awaitStatus(c, id, "stopped");
        assertThat(Files.exists(d.root().resolve("instances/" + id))).isTrue();
    }

    @Test
    void camelCaseMembersOfTheWebClientAreHonoured() throws Exception {
        UUID id = addServer(d, c, "camel");
        V1Console console = V1Console.subscribe(c, id);
        String json = "["
                + "{\"name\":\"tick\",\"isEnabled\":true,\"triggers\":[{\"type\":\"Schedule\",\"cronExpression\":\"* * * * * *\"}],"
                + " \"rulesets\":[{\"type\":\"InstanceStatus\",\"targetStatus\":\"Running\"}],"
                + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say camel tick\"}]},"
                + "{\"name\":\"disabled\",\"isEnabled\":false,\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"Done\"}],"
                + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say camel disabled fired\"}]},"
                + "{\"name\":\"regex\",\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"Done \\\\(\\\\d\",\"isRegex\":true}],"
                + " \"actionExecutionMode\":\"Parallel\","
                + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say camel regex\"}]},"
                + "{\"name\":\"status\",\"triggers\":[{\"type\":\"InstanceStatus\",\"targetStatus\":\"Running\"}],"
                + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say camel status\"}]},"
                + "{\"name\":\"all\",\"triggerCondition\":\"All\",\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"camel regex\"},"
                + "   {\"type\":\"ConsoleOutput\",\"pattern\":\"never printed\"}],"
                + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say camel all fired\"}]}"
                + "]";
        save(id, json);
        assertThat(c.call("get_event_rules", params("instance_id", id.toString())).get("rules"))
                .as("returned as saved").isEqualTo(rules(json));
        startAndAwaitRunning(c, id);
        console.awaitLine(id, "[Server] camel regex");
        console.awaitLine(id, "[Server] camel status");
        console.awaitLine(id, "[Server] camel tick");
        c.call("send_to_instance", params("id", id.toString(), "message", "say marker after the rules"));
        console.awaitLine(id, "[Server] marker after the rules");
        assertThat(console.of(id)).noneMatch(l -> l.contains("camel disabled fired") || l.contains("camel all fired"));
        c.call("kill_instance", params("id", id.toString()));
    }

    @Test
    void catastrophicRegexNeitherFreezesTheConsoleNorKeepsRunning() throws Exception {
        // exponential in java.util.regex (the back reference defeats its loop memoization); "(a+)+$" alone is
        // "only" about cubic and needs a 16 Ki line to take seconds
        ch.qos.logback.classic.Logger engineLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(dev.mfp.daemon.instance.rules.RuleEngine.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        engineLog.addAppender(logged);
        try {
            UUID id = addServer(d, c, "regex-bomb");
            V1Console console = V1Console.subscribe(c, id);
            save(id, "["
                    + "{\"name\":\"bomb\",\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"(a+)+\\\\1$\",\"is_regex\":true}],"
                    + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say bomb matched\"}]},"
                    + "{\"name\":\"alive\",\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"still alive\"}],"
                    + " \"actions\":[{\"type\":\"SendCommand\",\"command\":\"say rules still run\"}]}"
                    + "]");
            startAndAwaitRunning(c, id);
            c.call("send_to_instance", params("id", id.toString(), "message", "say " + "a".repeat(48) + "b"));
            c.call("send_to_instance", params("id", id.toString(), "message", "say still alive"));
            console.awaitLine(id, "[Server] still alive");
            console.awaitLine(id, "[Server] rules still run");
            await().atMost(Instances.WAIT).untilAsserted(() -> assertThat(logged.list).anySatisfy(e ->
                    assertThat(e.getFormattedMessage()).contains("'bomb'").contains("disabled")));
            // disabled: a line it would match at once does not fire it any more
            c.call("send_to_instance", params("id", id.toString(), "message", "say aaaa"));
            c.call("send_to_instance", params("id", id.toString(), "message", "say still alive"));
            await().atMost(Instances.WAIT).until(() -> console.of(id).stream()
                    .filter(l -> l.contains("[Server] rules still run")).count() >= 2);
            assertThat(console.of(id)).noneMatch(l -> l.contains("bomb matched"));
            c.call("kill_instance", params("id", id.toString()));
        } finally {
            engineLog.detachAppender(logged);
        }
    }
}
