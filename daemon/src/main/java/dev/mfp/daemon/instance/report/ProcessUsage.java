package dev.mfp.daemon.instance.report;

/** CPU (percent of the whole machine, 0–100) and resident memory (bytes) of an instance's process tree. */
public record ProcessUsage(double cpuPercent, long memoryBytes) {
    public static final ProcessUsage NONE = new ProcessUsage(0.0, 0L);
}
