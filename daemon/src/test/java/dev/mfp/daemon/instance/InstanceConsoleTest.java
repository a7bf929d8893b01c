package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.addServer;
import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Instances.history;
import static dev.mfp.daemon.support.Instances.startAndAwaitRunning;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.V1Console;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Console: encodings both ways, subscriber filtering, order and the history ring under a flood. */
@DaemonTest(noChildProcessesAfter = true)
class InstanceConsoleTest {
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    @Test
    void utf8NonAsciiAndEmojiSurviveBothWays() throws Exception {
        UUID id = addServer(d, c, "utf8", "-Dtestkit.charset=UTF-8");
        V1Console console = V1Console.subscribe(c, id);
        startAndAwaitRunning(c, id);
        String text = "héllo wörld 你好 😀🎉 ÿ";
        c.call("send_to_instance", params("id", id.toString(), "message", "say " + text));
        console.awaitLine(id, "[Server] ");
        assertThat(console.of(id)).anyMatch(l -> l.endsWith("[Server] " + text));
        assertThat(history(c, id)).anyMatch(l -> l.endsWith("[Server] " + text));
        c.call("kill_instance", params("id", id.toString()));
    }

    @Test
    void gbkEncodingIsHonoured() throws Exception {
        String jar = FakeServer.uploadServerJar(d);
        ObjectNode s = Instances.mcSetting("gbk", jar, "-Dtestkit.charset=GBK");
        s.put("input_encoding", "gbk");
        s.put("output_encoding", "GBK");
        UUID id = UUID.fromString(c.call("add_instance", params("setting", s)).get("config").get("uuid").asText());
        FakeServer.writeProperties(d, id, FakeServer.freePort());
        V1Console console = V1Console.subscribe(c, id);
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "say 服务器你好"));
        console.awaitLine(id, "[Server] ");
        assertThat(console.of(id)).anyMatch(l -> l.endsWith("[Server] 服务器你好"));
        c.call("kill_instance", params("id", id.toString()));
    }

    @Test
    void subscribersOnlyGetTheirInstances() throws Exception {
        UUID a = addServer(d, c, "a");
        UUID b = addServer(d, c, "b");
        MfpClient onlyA = d.client();
        MfpClient none = d.client();
        V1Console consoleA = V1Console.subscribe(onlyA, a);
        V1Console consoleNone = new V1Console(none);
        V1Console both = V1Console.subscribe(c, a, b);
        startAndAwaitRunning(c, a);
        startAndAwaitRunning(c, b);
        both.awaitLine(a, "Done (");
        both.awaitLine(b, "Done (");
        consoleA.awaitLine(a, "Done (");
        assertThat(consoleA.instanceIds()).containsExactly(a.toString());
        // unsubscribe with meta: nothing more arrives for a
        onlyA.call("unsubscribe_event", params("type", "instance_log", "meta", Map.of("instance_id", a.toString())));
        int before = consoleA.of(a).size();
        c.call("send_to_instance", params("id", a.toString(), "message", "say after unsubscribe"));
        both.awaitLine(a, "after unsubscribe");
        assertThat(consoleA.of(a)).hasSize(before);
        assertThat(consoleNone.instanceIds()).isEmpty();
        c.call("kill_instance", params("id", a.toString()));
        c.call("kill_instance", params("id", b.toString()));
    }

    /** Hardening item 5 (events.md §3): console lines go only to grants of mcsl.daemon.instance.log. */
    @Test
    void consoleLinesReachOnlyConnectionsAllowedToReadTheLog() throws Exception {
        UUID id = addServer(d, c, "secret-console");
        MfpClient javaListOnly = d.connect(d.subtoken("mcsl.daemon.java_list", 120));
        MfpClient logReader = d.connect(d.subtoken("mcsl.daemon.instance.log", 120));
        MfpClient wildcard = d.connect(d.subtoken("mcsl.daemon.instance.*", 120));
        V1Console denied = V1Console.subscribe(javaListOnly, id);
        V1Console allowed = V1Console.subscribe(logReader, id);
        V1Console allowedByWildcard = V1Console.subscribe(wildcard, id);
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "say password=hunter2"));
        allowed.awaitLine(id, "password=hunter2");
        allowedByWildcard.awaitLine(id, "password=hunter2");
        // the denied connection kept its subscription (answered 0) and is still served, but got no line
        assertThat(javaListOnly.call("ping", null).has("time")).isTrue();
        assertThat(denied.instanceIds()).isEmpty();
        c.call("kill_instance", params("id", id.toString()));
    }

    @Test
    void floodKeepsOrderAndTheRingIsBounded() throws Exception {
        UUID id = addServer(d, c, "flood");
        V1Console console = V1Console.subscribe(c, id);
        startAndAwaitRunning(c, id);
        int n = 30_000;
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit flood " + n));
        console.awaitLine(id, "flood done");
        List<Integer> seen = new ArrayList<>();
        for (String l : console.of(id)) {
            int i = l.indexOf("]: flood ");
            if (i > 0 && !l.endsWith("flood done")) {
                seen.add(Integer.parseInt(l.substring(i + 9)));
            }
        }
        assertThat(seen).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).isEqualTo(i + 1);
        }
        List<String> h = history(c, id);
        assertThat(h).hasSize(1000);
        assertThat(h.get(h.size() - 1)).endsWith("flood done");
        assertThat(h.get(h.size() - 2)).endsWith("flood " + n);
        // the server was never stalled: it still answers
        c.call("send_to_instance", params("id", id.toString(), "message", "list"));
        console.awaitLine(id, "players online");
        c.call("stop_instance", params("id", id.toString()));
        awaitStatus(c, id, "stopped");
        // history survives the restart of the instance
        assertThat(history(c, id)).anyMatch(l -> l.contains("All dimensions are saved"));
    }
}
