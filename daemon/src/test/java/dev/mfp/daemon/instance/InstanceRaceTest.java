package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.addServer;
import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Concurrent lifecycle requests from two clients: exactly one wins, the rest get 30003, no orphan process. */
@DaemonTest(noChildProcessesAfter = true)
class InstanceRaceTest {
    private static TestDaemon d;
    @MainClient
    private static MfpClient a;
    @MainClient
    private static MfpClient b;

    @Test
    void concurrentStartsAndStops() throws Exception {
        UUID id = addServer(d, a, "race");
        for (int round = 0; round < 3; round++) {
            List<CompletableFuture<JsonNode>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(a.request("start_instance", params("id", id.toString())));
                starts.add(b.request("start_instance", params("id", id.toString())));
            }
            List<Integer> codes = codes(starts);
            assertThat(codes).filteredOn(c -> c == 0).hasSize(1);
            assertThat(codes).filteredOn(c -> c != 0).allMatch(c -> c == 30003);
            assertThat(javaChildren()).isEqualTo(1);
            awaitStatus(a, id, "running");

            List<CompletableFuture<JsonNode>> stops = List.of(a.request("kill_instance", params("id", id.toString())),
                    b.request("kill_instance", params("id", id.toString())));
            List<Integer> stopCodes = codes(stops);
            assertThat(stopCodes).contains(0);
            assertThat(stopCodes).allMatch(c -> c == 0 || c == 30003);
            assertThat(Instances.status(a, id)).isEqualTo("stopped");
            assertThat(javaChildren()).isZero();
        }
        // start racing stop: whatever the order, the end state is consistent and nothing is orphaned
        CompletableFuture<JsonNode> start = a.request("start_instance", params("id", id.toString()));
        CompletableFuture<JsonNode> stop = b.request("stop_instance", params("id", id.toString()));
        int startCode = start.get().get("retcode").asInt();
        int stopCode = stop.get().get("retcode").asInt();
        assertThat(startCode).isZero();
        assertThat(stopCode).isIn(0, 30003);
        if (stopCode == 30003) {
            a.call("stop_instance", params("id", id.toString()));
        }
        awaitStatus(a, id, "stopped");
        TestDaemon.assertNoChildProcesses();
    }

    private static List<Integer> codes(List<CompletableFuture<JsonNode>> fs) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (CompletableFuture<JsonNode> f : fs) {
            out.add(f.get().get("retcode").asInt());
        }
        return out;
    }

    private static long javaChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
    }
}
