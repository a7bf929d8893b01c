package dev.mfp.protocol.v2.model;

/** One item of {@code mcsl.java.list} (models.md §2.3); the v1 JavaInfo shape. */
public record JavaRuntime(String path, String version, String architecture) {
}
