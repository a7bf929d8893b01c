package dev.mfp.protocol.model;

public record InstanceLogData(String log) {
}
