package dev.mfp.protocol.model;

import java.util.List;

/** models.md §1.5: result of {@code get_directory_info}; {@code parent} is null for the root. */
public record DirectoryEntry(String parent, List<FileInformation> files, List<DirectoryInformation> directories) {
}
