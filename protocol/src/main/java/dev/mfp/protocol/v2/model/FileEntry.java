package dev.mfp.protocol.v2.model;

/** A file of a directory listing (transfer.md §3, {@code mcsl.directory.info.get}). */
public record FileEntry(String name, FileMetadata meta) {
}
