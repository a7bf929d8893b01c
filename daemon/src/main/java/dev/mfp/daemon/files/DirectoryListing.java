package dev.mfp.daemon.files;

import java.util.List;

/** A directory's entries; {@code parent} is null for the root and {@code ""} for a direct child of it. */
public record DirectoryListing(String parent, List<FileItem> files, List<DirectoryItem> directories) {

    public record FileItem(String name, FileInfo info) {
    }

    public record DirectoryItem(String name, DirectoryInfo info) {
    }
}
