package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SystemInfoTest {
    /** methods.md §3.4, the {@code result} of the example. */
    static final String EXAMPLE = "{\"os\":{\"name\":\"Linux 6.8.0\",\"architecture\":\"X64\"},\"cpu\":{\"vendor\":"
            + "\"GenuineIntel\",\"name\":\"Intel(R) Xeon(R) Gold 6338\",\"count\":16,\"usage\":7.5,\"core_count\":8,"
            + "\"thread_count\":16},\"mem\":{\"total_kilobytes\":32768000,\"free_kilobytes\":20480000},\"drive\":"
            + "{\"drive_format\":\"ext4\",\"total_bytes\":499963174912,\"free_bytes\":321234567168,\"name\":\"/\"},"
            + "\"drives\":[{\"drive_format\":\"ext4\",\"total_bytes\":499963174912,\"free_bytes\":321234567168,"
            + "\"name\":\"/\"}],\"daemon_version\":\"1.0.0.0\"}";

    static SystemInfo example() {
        var drive = new SystemInfo.DriveInfo("ext4", 499963174912L, 321234567168L, "/");
        return new SystemInfo(new SystemInfo.OsInfo("Linux 6.8.0", "X64"),
                new SystemInfo.CpuInfo("GenuineIntel", "Intel(R) Xeon(R) Gold 6338", 16, 7.5, 8, 16),
                new SystemInfo.MemInfo(32768000L, 20480000L), drive, List.of(drive), "1.0.0.0");
    }

    @Test
    void matchesTheSpecExample() {
        assertThat(Wire.tree(example())).isEqualTo(Wire.parse(EXAMPLE));
    }

    @Test
    void daemonReportWrapsSystemInfoAndStartTimestamp() {
        var data = Wire.tree(new DaemonReportData(example(), 1783670000000L));
        assertThat(Wire.names(data)).containsExactly("system_info", "start_timestamp");
        assertThat(data.get("system_info")).isEqualTo(Wire.parse(EXAMPLE));
        assertThat(data.get("start_timestamp").asLong()).isEqualTo(1783670000000L);
    }

    @Test
    void javaRuntimeKeepsTheV1ShapeAndTheListIsItems() {
        var list = Wire.tree(new JavaList(List.of(new JavaRuntime("/usr/bin/java", "21.0.5", "x64"))));
        assertThat(list).isEqualTo(
                Wire.parse("{\"items\":[{\"path\":\"/usr/bin/java\",\"version\":\"21.0.5\",\"architecture\":\"x64\"}]}"));
    }
}
