package dev.mfp.daemon.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.DaemonContext;
import dev.mfp.daemon.Feature;
import dev.mfp.daemon.files.download.DownloadManager;
import dev.mfp.daemon.files.download.SnapshotDownloads;
import dev.mfp.daemon.files.upload.ChunkEncoding;
import dev.mfp.daemon.files.upload.SequentialUploads;
import dev.mfp.daemon.files.upload.UploadManager;
import dev.mfp.daemon.files.upload.UploadSessions;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The file manager (issue #3): info, operations, chunked upload and download over the sandboxed root, and their lifecycle. */
public final class FilesFeature implements Feature {
    /** Sweep period for idle sessions (spec: at most 5 s). */
    public static final long SWEEP_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(FilesFeature.class);

    private final RootFs fs;
    private final FileUsage usage = new FileUsage();
    private final UploadManager uploads;
    private final DownloadManager downloads;
    private final FileInfoService info;
    private final FileOperations operations;
    private final StrictPaths strictPaths;
    private final StrictFileOperations strict;
    private final SequentialUploads sequentialUploads;
    private final SnapshotDownloads snapshotDownloads;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> sweep;

    /** @param fs the daemon root's one filesystem front door (built once by the daemon's wiring) */
    public FilesFeature(DaemonContext ctx, RootFs fs) {
        this.fs = fs;
        this.scheduler = ctx.scheduler();
        ChunkEncoding enc = ChunkEncoding.parse(ctx.config().uploadChunkEncoding());
        int uploadsPerConnection = positiveInt(ctx.configTree(), "file_upload_sessions_per_connection",
                UploadManager.DEFAULT_SESSIONS_PER_CONNECTION);
        int uploadsTotal = positiveInt(ctx.configTree(), "file_upload_sessions", UploadManager.DEFAULT_SESSIONS);
        int downloadsTotal = positiveInt(ctx.configTree(), "file_download_sessions_total",
                DownloadManager.DEFAULT_SESSIONS);
        this.uploads = new UploadManager(fs, usage, enc == null ? ChunkEncoding.UTF16BE : enc,
                uploadsPerConnection, uploadsTotal);
        // file_download_sessions: per file for the chunked downloads, per connection for the snapshot downloads;
        // 0 = unlimited for both
        int downloadSessions = ctx.config().fileDownloadSessions();
        this.downloads = new DownloadManager(fs, usage, downloadSessions == 0 ? Integer.MAX_VALUE : downloadSessions,
                positiveInt(ctx.configTree(), "file_download_sessions_per_connection",
                        DownloadManager.DEFAULT_SESSIONS_PER_CONNECTION),
                downloadsTotal);
        this.info = new FileInfoService(fs);
        this.operations = new FileOperations(fs, usage);
        this.strictPaths = new StrictPaths(fs);
        this.strict = new StrictFileOperations(strictPaths);
        // the v2 sessions have the same bounds as v1's (counted per protocol): a connection that opens thousands
        // gets file.upload.limit / file.download.limit, as v1 gets 10005
        this.sequentialUploads = new SequentialUploads(strictPaths, usage,
                new SessionSlots(uploadsPerConnection, uploadsTotal));
        this.snapshotDownloads = new SnapshotDownloads(strictPaths, usage,
                new SessionSlots(downloadSessions == 0 ? Integer.MAX_VALUE : downloadSessions, downloadsTotal));
        // Before the first connection can open an upload: staging files of a crashed run are garbage.
        int stale = UploadSessions.removeStaleStagingFiles(fs.root());
        if (stale > 0) {
            LOG.info("removed {} stale upload staging file(s)", stale);
        }
    }

    public RootFs fs() {
        return fs;
    }

    /** Deletes trees inside the root for other features (the instance feature's remove_instance). */
    public TreeRemoval treeRemoval() {
        return new TreeRemoval(fs, uploads, sequentialUploads);
    }

    /** An optional positive integer key of config.json; anything else keeps the default. */
    private static int positiveInt(JsonNode config, String key, int dflt) {
        JsonNode v = config == null ? null : config.get(key);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            return dflt;
        }
        return v.asInt();
    }

    public FileInfoService info() {
        return info;
    }

    public FileOperations operations() {
        return operations;
    }

    /** The open sessions' paths and the transfer byte counters. */
    public FileUsage usage() {
        return usage;
    }

    public UploadManager uploads() {
        return uploads;
    }

    public DownloadManager downloads() {
        return downloads;
    }

    /** The path operations with strict semantics (no link accepted, copy overwrites/merges). */
    public StrictFileOperations strict() {
        return strict;
    }

    /** Uploads with sequential chunks and an explicit commit. */
    public SequentialUploads sequentialUploads() {
        return sequentialUploads;
    }

    /** Downloads with random-access reads of a file opened once. */
    public SnapshotDownloads snapshotDownloads() {
        return snapshotDownloads;
    }

    @Override
    public void start() {
        sweep = scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            uploads.sweep();
            downloads.sweep();
            sequentialUploads.sweep();
            snapshotDownloads.sweep();
        } catch (RuntimeException e) {
            LOG.warn("file session sweep failed", e);
        }
    }

    @Override
    public void close() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        uploads.closeAll();
        downloads.closeAll();
        sequentialUploads.closeAll();
        snapshotDownloads.closeAll();
    }
}
