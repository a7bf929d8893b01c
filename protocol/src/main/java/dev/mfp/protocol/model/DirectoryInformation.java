package dev.mfp.protocol.model;

/** models.md §1.4: a sub-directory entry of a directory listing. */
public record DirectoryInformation(String name, DirectoryMetadata meta) {
}
