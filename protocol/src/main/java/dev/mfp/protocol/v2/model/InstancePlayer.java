package dev.mfp.protocol.v2.model;

import java.util.UUID;

/** One player of the Server List Ping sample (models.md §3.2). */
public record InstancePlayer(String name, UUID uuid) {
}
