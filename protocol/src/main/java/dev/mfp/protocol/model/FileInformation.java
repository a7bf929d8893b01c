package dev.mfp.protocol.model;

/** models.md §1.3: a file entry of a directory listing. */
public record FileInformation(String name, FileMetadata meta) {
}
