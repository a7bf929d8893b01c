package dev.mfp.daemon.files;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which paths belong to an open upload (target and staging file) or download session
 * (files-and-instances.md §2: operations on them answer 21003). Paths are absolute, as produced by
 * {@link PathSandbox}. Also the byte counters of the transfers, which every session manager shares through it.
 */
public final class FileUsage {
    private final Map<Path, Integer> readers = new HashMap<>();
    /** Bytes written by uploads and read by downloads of both protocols (the transfer metrics). */
    private final java.util.concurrent.atomic.LongAdder uploaded = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder downloaded = new java.util.concurrent.atomic.LongAdder();

    /** Counts bytes an upload chunk wrote to its staging file. */
    public void uploaded(long bytes) {
        uploaded.add(bytes);
    }

    /** Counts bytes a download read from its file for the client. */
    public void downloaded(long bytes) {
        downloaded.add(bytes);
    }

    public long uploadedBytes() {
        return uploaded.sum();
    }

    public long downloadedBytes() {
        return downloaded.sum();
    }
    private final Set<Path> uploadTargets = new HashSet<>();
    private final Set<Path> stagingFiles = new HashSet<>();

    /** Reserves an upload target and its staging file; false when the target already has an active upload. */
    public synchronized boolean reserveUpload(Path target, Path staging) {
        if (!uploadTargets.add(target)) {
            return false;
        }
        stagingFiles.add(staging);
        return true;
    }

    public synchronized void releaseUpload(Path target, Path staging) {
        uploadTargets.remove(target);
        stagingFiles.remove(staging);
    }

    /** Registers one more reader unless it would exceed {@code limit}; false when the limit is reached. */
    public synchronized boolean addReader(Path file, int limit) {
        int n = readers.getOrDefault(file, 0);
        if (n >= limit) {
            return false;
        }
        readers.put(file, n + 1);
        return true;
    }

    public synchronized void removeReader(Path file) {
        readers.computeIfPresent(file, (k, n) -> n <= 1 ? null : n - 1);
    }

    public synchronized boolean isUploadTarget(Path p) {
        return uploadTargets.contains(p);
    }

    /**
     * The path or one of its ancestors is the target of an open upload: creating a directory there (or below it,
     * which creates it) would keep the upload from being moved into place.
     */
    public synchronized boolean isUploadTargetAtOrAbove(Path p) {
        for (Path q = p; q != null; q = q.getParent()) {
            if (uploadTargets.contains(q)) {
                return true;
            }
        }
        return false;
    }

    /** Part of an open upload (target or staging file). */
    public synchronized boolean isUploading(Path p) {
        return uploadTargets.contains(p) || stagingFiles.contains(p);
    }

    /** Part of any open session. */
    public synchronized boolean isBusy(Path p) {
        return isUploading(p) || readers.containsKey(p);
    }

    /** Whether {@code dir} or anything below it belongs to an open session. */
    public synchronized boolean isBusyUnder(Path dir) {
        return anyUnder(readers.keySet(), dir) || isUploadingUnder(dir);
    }

    public synchronized boolean isUploadingUnder(Path dir) {
        return anyUnder(uploadTargets, dir) || anyUnder(stagingFiles, dir);
    }

    private static boolean anyUnder(Set<Path> set, Path dir) {
        for (Path p : set) {
            if (p.startsWith(dir)) {
                return true;
            }
        }
        return false;
    }
}
