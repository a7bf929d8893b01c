package dev.mfp.protocol.model;

import java.util.UUID;

/** An online player from the Server List Ping sample (models.md §3.9). */
public record Player(String name, UUID uuid) {
}
