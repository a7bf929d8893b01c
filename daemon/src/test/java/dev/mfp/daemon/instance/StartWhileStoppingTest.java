package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.addServer;
import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Instances.startAndAwaitRunning;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The web client's Restart ({@code stop}, one second, {@code start}): a start during {@code stopping} waits up to
 * 10 s for the process to end (files-and-instances.md §5.4, 2026-12).
 */
@DaemonTest(config = "instance_stop_timeout_ms=30000", noChildProcessesAfter = true)
class StartWhileStoppingTest {
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    @Test
    void startDuringStoppingWaitsForTheExitAndStarts() throws Exception {
        UUID id = addServer(d, c, "slow-stop");
        startAndAwaitRunning(c, id);
        long firstPid = pid(id);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit hang-on-stop"));
        Instances.awaitHistoryContains(c, id, "stop will hang");
        c.call("stop_instance", params("id", id.toString()));
        Thread.sleep(1000);
        assertThat(Instances.status(c, id)).isEqualTo("stopping");
        CompletableFuture<JsonNode> start = c.request("start_instance", params("id", id.toString()));
        Thread.sleep(2000);
        assertThat(start).as("still waiting for the old process").isNotDone();
        // the server finally goes away 3 s after its stop (here: killed, as the stop escalation would)
        c.call("kill_instance", params("id", id.toString()));
        assertThat(start.get().get("retcode").asInt()).isZero();
        awaitStatus(c, id, "running");
        assertThat(pid(id)).isNotEqualTo(firstPid);
        c.call("kill_instance", params("id", id.toString()));
    }

    @Test
    void startDuringStoppingGivesUpAfterTenSeconds() throws Exception {
        UUID id = addServer(d, c, "hung-stop");
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit hang-on-stop"));
        Instances.awaitHistoryContains(c, id, "stop will hang");
        c.call("stop_instance", params("id", id.toString()));
        long t0 = System.nanoTime();
        JsonNode answer = c.request("start_instance", params("id", id.toString())).get();
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(answer.get("retcode").asInt()).isEqualTo(30003);
        assertThat(waitedMs).as("waited for the process first").isGreaterThanOrEqualTo(9_000);
        assertThat(Instances.status(c, id)).isEqualTo("stopping");
        c.call("kill_instance", params("id", id.toString()));
        awaitStatus(c, id, "stopped");
    }

    /** The server's pid: the only child process of this JVM while one of these tests runs. */
    private static long pid(UUID id) {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).findFirst().map(ProcessHandle::pid)
                .orElse(-1L);
    }
}
