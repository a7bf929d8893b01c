package dev.mfp.daemon.conformance;

import static dev.mfp.daemon.support.Instances.awaitHistoryContains;
import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Instances.history;
import static dev.mfp.daemon.support.Instances.status;
import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * files-and-instances.md §5.4 (state machine, DONE pattern, markers, crash rule, allowed actions per state, cell by
 * cell), §5.5 / events.md §2.1 (stderr prefix, history) and actions.md #26–#34, probed with real child processes.
 */
@DaemonTest(config = "instance_stop_timeout_ms=120000", noChildProcessesAfter = true)
class InstanceStateTableConformanceTest {
    private static final AtomicInteger MARK = new AtomicInteger();
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    private static void send(UUID id, String line) {
        c.call("send_to_instance", params("id", id.toString(), "message", line));
    }

    /** Sends a unique line and waits until it is in the history: every earlier line has then been processed. */
    private static void sync(UUID id) {
        String m = "sync-" + MARK.incrementAndGet();
        send(id, m);
        awaitHistoryContains(c, id, m);
    }

    private static UUID startedEcho(String type) throws Exception {
        UUID id = EchoServer.add(d, c, "echo", type);
        c.call("start_instance", params("id", id.toString()));
        return id;
    }

    private static JsonNode update(UUID id) {
        return c.call("update_instance_settings", params("id", id.toString(), "name", "echo",
                "instance_type", "mc_java", "arguments", List.of(), "force_rerun_installer", false));
    }

    private static int updateCode(UUID id) {
        return code(() -> update(id));
    }

    /** The read actions are allowed in every state (last row of the table). */
    private static void readsWork(UUID id) {
        String p = id.toString();
        assertThat(c.call("get_instance_report", params("id", p)).get("report").isObject()).isTrue();
        assertThat(c.call("get_instance_settings", params("id", p)).get("config").isObject()).isTrue();
        assertThat(c.call("get_instance_log_history", params("id", p)).get("logs").isArray()).isTrue();
        assertThat(c.call("get_event_rules", params("instance_id", p)).get("rules").isArray()).isTrue();
        c.call("save_event_rules", params("instance_id", p, "rules", List.of()));
        assertThat(c.call("get_all_reports", null).get("reports").has(p)).isTrue();
    }

    @Test
    void stoppedColumn() throws Exception {
        UUID id = EchoServer.add(d, c, "stopped", "mc_java");
        String p = id.toString();
        assertThat(status(c, id)).isEqualTo("stopped");
        assertThat(code(() -> c.call("stop_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> c.call("kill_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> send(id, "x"))).isEqualTo(30003);
        update(id);
        readsWork(id);
        c.call("start_instance", params("id", p));
        assertThat(status(c, id)).isEqualTo("starting");
        c.call("kill_instance", params("id", p));
        assertThat(status(c, id)).isEqualTo("stopped");
        c.call("remove_instance", params("id", p));
        assertThat(code(() -> c.call("get_instance_report", params("id", p)))).isEqualTo(30001);
    }

    @Test
    void startingColumn() throws Exception {
        UUID id = startedEcho("mc_java");
        String p = id.toString();
        assertThat(status(c, id)).isEqualTo("starting");
        assertThat(code(() -> c.call("start_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> c.call("remove_instance", params("id", p)))).isEqualTo(30003);
        assertThat(updateCode(id)).isEqualTo(30003);
        JsonNode s = c.call("get_instance_settings", params("id", p));
        assertThat(s.get("can_edit").asBoolean()).isFalse();
        assertThat(s.get("edit_blocked_reason").isTextual()).isTrue();
        send(id, "hello");
        readsWork(id);
        // stop is allowed in starting; MC types get the line "stop" on stdin
        c.call("stop_instance", params("id", p));
        awaitHistoryContains(c, id, "stop");
        assertThat(history(c, id)).contains("stop");
        assertThat(status(c, id)).isEqualTo("stopping");
        c.call("kill_instance", params("id", p));
        assertThat(status(c, id)).isEqualTo("stopped");
        c.call("remove_instance", params("id", p));
    }

    @Test
    void runningColumn() throws Exception {
        UUID id = startedEcho("mc_java");
        String p = id.toString();
        send(id, "[12:00:09] [Server thread/INFO]: Done (7.512s)! For help, type \"help\"");
        awaitStatus(c, id, "running");
        assertThat(code(() -> c.call("start_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> c.call("remove_instance", params("id", p)))).isEqualTo(30003);
        assertThat(updateCode(id)).isEqualTo(30003);
        assertThat(c.call("get_instance_settings", params("id", p)).get("can_edit").asBoolean()).isFalse();
        send(id, "hello");
        readsWork(id);
        c.call("kill_instance", params("id", p));
        assertThat(status(c, id)).isEqualTo("stopped");
        c.call("remove_instance", params("id", p));
    }

    @Test
    void stoppingColumn() throws Exception {
        UUID id = startedEcho("mc_java");
        String p = id.toString();
        send(id, "Done (0.1s)! For help, type \"help\"");
        awaitStatus(c, id, "running");
        // the server announcing its stop by itself moves running → stopping
        send(id, "[12:00:10] [Server thread/INFO]: Stopping the server");
        awaitStatus(c, id, "stopping");
        assertThat(code(() -> c.call("start_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> c.call("remove_instance", params("id", p)))).isEqualTo(30003);
        assertThat(updateCode(id)).isEqualTo(30003);
        assertThat(c.call("get_instance_settings", params("id", p)).get("can_edit").asBoolean()).isFalse();
        send(id, "still here");
        c.call("stop_instance", params("id", p)); // re-send
        readsWork(id);
        sync(id);
        assertThat(status(c, id)).isEqualTo("stopping");
        // crash rule: a non-zero exit while stopping is a stop
        send(id, "exit 1");
        awaitStatus(c, id, "stopped");
        c.call("remove_instance", params("id", p));
    }

    @Test
    void crashedColumnWithALiveProcess() throws Exception {
        UUID id = startedEcho("mc_java");
        String p = id.toString();
        send(id, "---- Minecraft has crashed! ----");
        awaitStatus(c, id, "crashed");
        assertThat(code(() -> c.call("start_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> c.call("remove_instance", params("id", p)))).isEqualTo(30003);
        assertThat(updateCode(id)).isEqualTo(30003);
        send(id, "alive");
        c.call("stop_instance", params("id", p));
        readsWork(id);
        sync(id);
        assertThat(status(c, id)).isEqualTo("crashed");
        c.call("kill_instance", params("id", p));
        assertThat(status(c, id)).isEqualTo("stopped");
        c.call("remove_instance", params("id", p));
    }

    @Test
    void crashedColumnWithoutAProcess() throws Exception {
        UUID id = startedEcho("mc_java");
        String p = id.toString();
        send(id, "Done (0.1s)! For help, type \"help\"");
        awaitStatus(c, id, "running");
        send(id, "exit 3");
        awaitStatus(c, id, "crashed");
        assertThat(code(() -> c.call("stop_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> c.call("kill_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> send(id, "x"))).isEqualTo(30003);
        readsWork(id);
        update(id);
        assertThat(c.call("get_instance_settings", params("id", p)).get("can_edit").asBoolean()).isTrue();
        c.call("start_instance", params("id", p));
        assertThat(status(c, id)).isEqualTo("starting");
        c.call("kill_instance", params("id", p));
        // crashed again, then removed from crashed
        c.call("start_instance", params("id", p));
        send(id, "exit 2");
        awaitStatus(c, id, "crashed");
        c.call("remove_instance", params("id", p));
        assertThat(code(() -> c.call("get_instance_report", params("id", p)))).isEqualTo(30001);
    }

    @Test
    void crashRule() throws Exception {
        UUID id = startedEcho("mc_java");
        String p = id.toString();
        // exit 0 without a stop → stopped
        send(id, "exit 0");
        awaitStatus(c, id, "stopped");
        // crash marker, then exit 0 → crashed is kept
        c.call("start_instance", params("id", p));
        send(id, "Minecraft has crashed!");
        awaitStatus(c, id, "crashed");
        send(id, "exit 0");
        await(() -> !hasProcess(id));
        assertThat(status(c, id)).isEqualTo("crashed");
        // stop requested, then a non-zero exit → stopped
        c.call("start_instance", params("id", p));
        c.call("stop_instance", params("id", p));
        send(id, "exit 5");
        awaitStatus(c, id, "stopped");
        // the marker is recognised in starting too, and also in stopping
        c.call("start_instance", params("id", p));
        c.call("stop_instance", params("id", p));
        assertThat(status(c, id)).isEqualTo("stopping");
        send(id, "Minecraft has crashed!");
        awaitStatus(c, id, "crashed");
        c.call("kill_instance", params("id", p));
        assertThat(status(c, id)).isEqualTo("stopped");
        c.call("remove_instance", params("id", p));
    }

    private static boolean hasProcess(UUID id) {
        try {
            send(id, "probe");
            return true;
        } catch (dev.mfp.client.MfpException e) {
            return false;
        }
    }

    private static void await(java.util.concurrent.Callable<Boolean> cond) {
        org.awaitility.Awaitility.await().atMost(Instances.WAIT).pollInterval(java.time.Duration.ofMillis(50))
                .until(cond);
    }

    @Test
    void donePatternIsTheSpecsRegex() throws Exception {
        UUID id = startedEcho("mc_java");
        String p = id.toString();
        for (String notDone : List.of("Done (12s)! For help, type \"help\"",
                "Done (1.2345s)! For help, type \"help\"",
                "Done (1.234s)! For help, type \"help\" now",
                "Done (1.234s)! For help, type help",
                "done (1.234s)! For help, type \"help\"")) {
            send(id, notDone);
            sync(id);
            assertThat(status(c, id)).as(notDone).isEqualTo("starting");
        }
        // DONE on stderr does not count (the spec: "stdout line matches DONE")
        send(id, "err Done (1.234s)! For help, type \"help\"");
        sync(id);
        assertThat(status(c, id)).isEqualTo("starting");
        // single quotes, trailing whitespace, a prefix before "Done"
        send(id, "[Server thread/INFO] [minecraft/DedicatedServer]: Done (1.5s)! For help, type 'help'   \t");
        awaitStatus(c, id, "running");
        c.call("kill_instance", params("id", p));
        c.call("start_instance", params("id", p));
        send(id, "Done (123.456s)! For help, type \"help\"");
        awaitStatus(c, id, "running");
        // "Stopping the server" as a substring anywhere in the line
        send(id, "xx Stopping the server yy");
        awaitStatus(c, id, "stopping");
        c.call("kill_instance", params("id", p));
        c.call("remove_instance", params("id", p));
    }

    @Test
    void nonMinecraftTypesRunAtOnceAndStopKills() throws Exception {
        for (String type : List.of("universal", "mc_velocity", "terraria")) {
            UUID id = startedEcho(type);
            String p = id.toString();
            assertThat(status(c, id)).as(type).isEqualTo("running");
            // markers mean nothing for non-Minecraft types
            send(id, "Minecraft has crashed!");
            send(id, "Stopping the server");
            sync(id);
            assertThat(status(c, id)).as(type).isEqualTo("running");
            assertThat(code(() -> c.call("start_instance", params("id", p)))).isEqualTo(30003);
            c.call("stop_instance", params("id", p));
            awaitStatus(c, id, "stopped");
            assertThat(code(() -> c.call("stop_instance", params("id", p)))).isEqualTo(30003);
            c.call("remove_instance", params("id", p));
        }
    }

    @Test
    void stderrPrefixHistoryOrderAndSize() throws Exception {
        UUID id = startedEcho("universal");
        String p = id.toString();
        send(id, "err oops  two spaces");
        send(id, "seq 1500");
        awaitHistoryContains(c, id, "line 1500");
        List<String> h = history(c, id);
        assertThat(h.size()).isGreaterThanOrEqualTo(1000);
        assertThat(h.get(h.size() - 1)).isEqualTo("line 1500");
        int first = h.indexOf("line 1500") - 999;
        assertThat(h.subList(first, h.size())).isEqualTo(java.util.stream.IntStream.rangeClosed(501, 1500)
                .mapToObj(i -> "line " + i).toList());
        c.call("kill_instance", params("id", p));
        // kept across an instance restart
        c.call("start_instance", params("id", p));
        send(id, "second run");
        awaitHistoryContains(c, id, "second run");
        assertThat(history(c, id)).contains("line 1500");
        send(id, "err oops  two spaces");
        awaitHistoryContains(c, id, "[STDERR] oops  two spaces");
        assertThat(history(c, id)).contains("[STDERR] oops  two spaces");
        c.call("kill_instance", params("id", p));
        c.call("remove_instance", params("id", p));
    }
}
