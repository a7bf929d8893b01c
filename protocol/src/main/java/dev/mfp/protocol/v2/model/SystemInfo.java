package dev.mfp.protocol.v2.model;

import java.util.List;

/**
 * Result of {@code mcsl.system.info.get} and {@code system_info} of the daemon report (models.md §2.1).
 * {@code daemon_version} is never null on this daemon (client-compat.md 6).
 */
public record SystemInfo(OsInfo os, CpuInfo cpu, MemInfo mem, DriveInfo drive, List<DriveInfo> drives,
        String daemonVersion) {

    public SystemInfo {
        drives = List.copyOf(drives);
    }

    /** {@code architecture}: the .NET names {@code X64}, {@code X86}, {@code Arm}, {@code Arm64}. */
    public record OsInfo(String name, String architecture) {
    }

    /** {@code count} logical processors, {@code usage} whole-system percent 0–100. */
    public record CpuInfo(String vendor, String name, int count, double usage, int coreCount, int threadCount) {
    }

    public record MemInfo(long totalKilobytes, long freeKilobytes) {
    }

    /** {@code name} is the mount point or drive name. */
    public record DriveInfo(String driveFormat, long totalBytes, long freeBytes, String name) {
    }
}
