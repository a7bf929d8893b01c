package dev.mfp.protocol.model;

/** One Java runtime found on the host (models.md §1.6). */
public record JavaInfo(String path, String version, String architecture) {
}
