package dev.mfp.daemon.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** get_system_info and get_java_list against this machine's real facts. */
@DaemonTest
class HostActionsTest {
    private static TestDaemon daemon;
    @MainClient
    private static MfpClient client;

    @Test
    void systemInfoHasEveryMemberInTheSpecUnits() throws Exception {
        JsonNode info = client.call("get_system_info", null).get("info");
        assertThat(info.get("os").get("name").asText()).isNotBlank();
        String jvmArch = System.getProperty("os.arch");
        if (jvmArch.equals("amd64") || jvmArch.equals("x86_64")) {
            assertThat(info.get("os").get("arch").asText()).isEqualTo("X64");
        }
        JsonNode cpu = info.get("cpu");
        assertThat(cpu.get("count").asInt()).isPositive();
        assertThat(cpu.get("thread_count").asInt()).isEqualTo(cpu.get("count").asInt());
        assertThat(cpu.get("core_count").asInt()).isBetween(1, cpu.get("count").asInt());
        assertThat(cpu.get("usage").isNumber()).isTrue();
        assertThat(cpu.get("usage").asDouble()).isBetween(0.0, 100.0);
        assertThat(cpu.has("vendor") && cpu.has("name")).isTrue();

        JsonNode mem = info.get("mem");
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.isReadable(meminfo)) {
            long totalKb = Files.readAllLines(meminfo).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", ""))).findFirst().orElseThrow();
            assertThat(mem.get("total").asLong()).as("KiB, not bytes").isEqualTo(totalKb);
        }
        assertThat(mem.get("free").asLong()).isBetween(1L, mem.get("total").asLong());

        JsonNode drive = info.get("drive");
        long total = Files.getFileStore(daemon.root()).getTotalSpace();
        assertThat(drive.get("total").asLong()).as("bytes").isEqualTo(total);
        assertThat(drive.get("free").asLong()).isBetween(0L, total);
        assertThat(drive.has("drive_format") && drive.has("name")).isTrue();
        assertThat(info.get("drives").isArray()).isTrue();
        List<JsonNode> drives = new ArrayList<>();
        info.get("drives").forEach(drives::add);
        assertThat(drives).contains(drive);
        assertThat(info.get("daemon_version").asText()).isNotBlank();
    }

    @Test
    void javaListFindsTheRuntimeRunningThisTest() throws Exception {
        JsonNode list = client.call("get_java_list", null).get("java_list");
        Path self = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        JsonNode found = null;
        for (JsonNode j : list) {
            assertThat(j.get("path").asText()).isNotBlank();
            assertThat(j.get("version").asText()).isNotBlank();
            assertThat(j.get("architecture").asText()).isIn("x64", "x86");
            if (Path.of(j.get("path").asText()).toRealPath().equals(self)) {
                found = j;
            }
        }
        assertThat(found).as("the test's own java " + self + " in " + list).isNotNull();
        assertThat(found.get("version").asText()).isEqualTo(System.getProperty("java.version"));
        if (System.getProperty("os.arch").contains("64")) {
            assertThat(found.get("architecture").asText()).isEqualTo("x64");
        }
    }

    @Test
    void javaListIsCachedBetweenCalls() {
        JsonNode first = client.call("get_java_list", null);
        JsonNode second = client.call("get_java_list", null);
        assertThat(second).isEqualTo(first);
    }
}
