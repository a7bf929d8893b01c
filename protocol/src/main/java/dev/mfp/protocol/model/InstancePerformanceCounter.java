package dev.mfp.protocol.model;

/** CPU (percent of the whole machine, 0–100) and resident memory (bytes) of the instance process tree. */
public record InstancePerformanceCounter(double cpu, long memory) {
    public static final InstancePerformanceCounter ZERO = new InstancePerformanceCounter(0.0, 0L);
}
