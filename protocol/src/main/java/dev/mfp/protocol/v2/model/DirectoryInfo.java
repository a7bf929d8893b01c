package dev.mfp.protocol.v2.model;

import java.util.List;

/**
 * Result of {@code mcsl.directory.info.get} (transfer.md §2.2, §3): {@code parent} is null for the root and for a
 * direct child of the root, else the root-relative path of the listed directory's parent.
 */
public record DirectoryInfo(String parent, List<FileEntry> files, List<DirectoryEntry> directories) {
}
