package dev.mfp.protocol.v2.model;

/**
 * Process-tree CPU percent of the machine (0–100) and resident memory in bytes, zeros without a process
 * (models.md §3.2; v1 {@code memory} → {@code memory_bytes}).
 */
public record InstancePerformance(double cpu, long memoryBytes) {
}
