package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Error;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.api.v2.V2Reply;
import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.api.v2.files.FileFaults;
import dev.mfp.daemon.api.v2.files.TransferSessions;
import dev.mfp.daemon.files.FilesFeature;
import dev.mfp.daemon.files.download.DownloadSessions;
import dev.mfp.daemon.files.download.SnapshotDownloads;
import dev.mfp.daemon.files.upload.SequentialUploads;
import dev.mfp.protocol.v2.BinaryFrame;
import dev.mfp.protocol.v2.model.V2Times;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.InvalidParamsException;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Upload and download sessions (transfer.md §4, §5) on the core's sequential uploads and snapshot downloads. The
 * chunks of an upload arrive as binary frames ({@link dev.mfp.daemon.api.v2.files.UploadFrames}); a download read is
 * answered by its result immediately followed by one DownloadChunk frame ({@link V2Reply}).
 */
public final class TransferMethods {
    static final RpcObjectType UPLOAD_OPEN = RpcObjectType.of(required("path", RpcType.STRING),
            required("length", RpcType.INT64), required("sha256", RpcType.STRING));
    static final RpcObjectType SESSION = RpcObjectType.of(required("session_id", RpcType.UUID));
    static final RpcObjectType DOWNLOAD_OPEN = RpcObjectType.of(required("path", RpcType.STRING));
    static final RpcObjectType DOWNLOAD_READ = RpcObjectType.of(required("session_id", RpcType.UUID),
            required("offset", RpcType.INT64), required("maximum_length", RpcType.INT32));

    private TransferMethods() {
    }

    public static void register(V2Methods m, FilesFeature files) {
        SequentialUploads uploads = files.sequentialUploads();
        SnapshotDownloads downloads = files.snapshotDownloads();
        m.on("mcsl.file.upload.open", UPLOAD_OPEN, (p, s) -> FileFaults.run(() -> uploadOpen(files, p, s)))
                .on("mcsl.file.upload.close", SESSION, (p, s) -> {
                    UUID id = sessionId(p);
                    return FileFaults.run(() -> {
                        uploads.close(id, s.connectionId());
                        return Map.of();
                    });
                })
                .on("mcsl.file.upload.cancel", SESSION, (p, s) -> {
                    UUID id = sessionId(p);
                    return FileFaults.run(() -> {
                        uploads.cancel(id, s.connectionId());
                        return Map.of();
                    });
                })
                .on("mcsl.file.download.open", DOWNLOAD_OPEN, (p, s) -> FileFaults.run(() -> downloadOpen(files, p, s)))
                .on("mcsl.file.download.read", DOWNLOAD_READ, (p, s) -> {
                    UUID id = sessionId(p);
                    return FileFaults.run(() -> read(downloads, id, p, s));
                })
                .on("mcsl.file.download.close", SESSION, (p, s) -> {
                    UUID id = sessionId(p);
                    return FileFaults.run(() -> {
                        downloads.close(id, s.connectionId());
                        return Map.of();
                    });
                });
    }

    private static Object uploadOpen(FilesFeature files, ObjectNode p, V2Session s) {
        if (!s.isOpen()) {
            throw closing();
        }
        TransferSessions.watch(s, files);
        SequentialUploads.Opened o = files.sequentialUploads().open(p.get("path").textValue(),
                p.get("length").longValue(), p.get("sha256").textValue(), s.connectionId());
        if (!s.isOpen()) {
            // closed while the session was being created: its clean-up may have run before the session existed
            files.sequentialUploads().terminate(o.sessionId(), s.connectionId());
            throw closing();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("session_id", o.sessionId().toString());
        r.put("max_chunk_size", o.maxChunkSize());
        r.put("expires_at", V2Times.format(o.expiresAt()));
        return r;
    }

    private static Object downloadOpen(FilesFeature files, ObjectNode p, V2Session s) {
        if (!s.isOpen()) {
            throw closing();
        }
        TransferSessions.watch(s, files);
        SnapshotDownloads.Opened o = files.snapshotDownloads().open(p.get("path").textValue(), s.connectionId(),
                FileMethods.maySeeSettings(s));
        if (!s.isOpen()) {
            files.snapshotDownloads().connectionClosed(s.connectionId());
            throw closing();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("session_id", o.sessionId().toString());
        r.put("length", o.length());
        r.put("sha256", o.sha256());
        r.put("max_chunk_size", o.maxChunkSize());
        r.put("expires_at", V2Times.format(o.expiresAt()));
        return r;
    }

    private static Object read(SnapshotDownloads downloads, UUID id, ObjectNode p, V2Session s) {
        long offset = p.get("offset").longValue();
        DownloadSessions.Read r = downloads.read(id, s.connectionId(), offset, p.get("maximum_length").intValue(),
                BinaryFrame.HEADER_SIZE);
        java.nio.ByteBuffer frame = r.buffer();
        BinaryFrame.writeHeader(frame.duplicate(), BinaryFrame.Kind.DOWNLOAD_CHUNK, id, offset, r.length());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("session_id", id.toString());
        result.put("offset", offset);
        result.put("length", r.length());
        result.put("is_final", r.isFinal());
        return new V2Reply(result, frame);
    }

    /** A session reference; the all-zero uuid is never a session and is refused as invalid params (rpc.md §5). */
    static UUID sessionId(ObjectNode p) {
        UUID id = UUID.fromString(p.get("session_id").textValue());
        if (id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0) {
            throw new InvalidParamsException("session_id must not be the all-zero uuid");
        }
        return id;
    }

    private static V2Error closing() {
        return new V2Error("file.session.connection_closed", DaemonErrorKind.TRANSPORT, "the connection is closing");
    }
}
