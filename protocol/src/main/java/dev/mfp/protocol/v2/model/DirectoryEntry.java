package dev.mfp.protocol.v2.model;

/** A sub-directory of a directory listing (transfer.md §3, {@code mcsl.directory.info.get}). */
public record DirectoryEntry(String name, DirectoryMetadata meta) {
}
