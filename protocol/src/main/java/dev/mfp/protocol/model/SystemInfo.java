package dev.mfp.protocol.model;

import java.util.List;

/** models.md §2. */
public record SystemInfo(OsInfo os, CpuInfo cpu, MemInfo mem, DriveInformation drive,
        List<DriveInformation> drives, String daemonVersion) {

    public record OsInfo(String name, String arch) {
    }

    public record CpuInfo(String vendor, String name, int count, double usage, int coreCount, int threadCount) {
    }

    /** Both in KiB. */
    public record MemInfo(long total, long free) {
    }

    /** Both in bytes. */
    public record DriveInformation(String driveFormat, long total, long free, String name) {
    }
}
