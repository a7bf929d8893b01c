package dev.mfp.daemon.host;

import java.util.List;

/** The host's facts: operating system, CPU, memory and drives ({@code drive} is the one holding the root). */
public record HostInfo(Os os, Cpu cpu, Memory memory, Drive drive, List<Drive> drives, String daemonVersion) {

    /** {@code arch} in the .NET names the C# daemon sent ({@code X64}, {@code Arm64}, ...). */
    public record Os(String name, String arch) {
    }

    /** {@code usagePercent} of the whole machine, 0–100. */
    public record Cpu(String vendor, String name, int count, double usagePercent, int coreCount, int threadCount) {
    }

    public record Memory(long totalKib, long freeKib) {
    }

    /** {@code mount} is empty when the root's file store is not known. */
    public record Drive(String format, long totalBytes, long freeBytes, String mount) {
    }
}
