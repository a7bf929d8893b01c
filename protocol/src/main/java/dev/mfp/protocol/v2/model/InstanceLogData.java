package dev.mfp.protocol.v2.model;

/** Data of {@code mcsl.event.instance.log} (events.md §2, §4.1): one output line. */
public record InstanceLogData(String log) {
}
