package dev.mfp.daemon.api.v2.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Error;
import dev.mfp.daemon.api.v2.V2Frames;
import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.files.FileFault;
import dev.mfp.daemon.files.FilesFeature;
import dev.mfp.daemon.files.upload.SequentialUploads;
import dev.mfp.protocol.v2.BinaryFrame;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.ErrorData;
import dev.mfp.protocol.v2.rpc.RpcErrorCode;
import dev.mfp.protocol.v2.rpc.RpcResponses;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UploadChunk frames (transfer.md §4.3, §4.4, binary.md §4). Frames of one connection arrive on its reading thread
 * one after another and are written there, so each is answered by exactly one {@code mcsl.file.upload.ack}, in frame
 * order (decisions #4); the socket is not read while a chunk is written.
 */
public final class UploadFrames implements V2Frames {
    public static final String ACK = "mcsl.file.upload.ack";
    private static final Logger LOG = LoggerFactory.getLogger(UploadFrames.class);

    private final FilesFeature files;
    private final SequentialUploads uploads;
    private final String version;

    public UploadFrames(FilesFeature files, String version) {
        this.files = files;
        this.uploads = files.sequentialUploads();
        this.version = version;
    }

    @Override
    public void uploadChunk(V2Session session, BinaryFrame frame) {
        int length = frame.payload().remaining();
        ObjectNode error = null;
        try {
            uploads.chunk(frame.sessionId(), session.connectionId(), frame.offset(), frame.payload());
        } catch (FileFault f) {
            V2Error e = FileFaults.map(f);
            LOG.debug("upload {}: chunk at {} rejected: {}", frame.sessionId(), frame.offset(), e.getMessage());
            error = errorObject(ErrorData.domain(e.code(), e.kind()));
        } catch (RuntimeException e) {
            ErrorData data = ErrorData.of(RpcErrorCode.INTERNAL_ERROR).kind(DaemonErrorKind.INTERNAL);
            LOG.warn("upload {}: chunk failed (correlation_id {})", frame.sessionId(), data.correlationId(), e);
            uploads.terminate(frame.sessionId(), session.connectionId());
            error = errorObject(data);
        }
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("session_id", frame.sessionId().toString());
        params.put("offset", frame.offset());
        params.put("length", length);
        params.put("status", error == null ? "accepted" : "rejected");
        if (error != null) {
            params.set("error", error);
        }
        session.notify(RpcResponses.notification(ACK, params));
    }

    @Override
    public void uploadFrameInvalid(V2Session session, UUID sessionId) {
        uploads.terminate(sessionId, session.connectionId());
    }

    private ObjectNode errorObject(ErrorData data) {
        return RpcResponses.errorObject(data.executionOwner(ErrorData.DAEMON_OWNER_ID, version));
    }

    FilesFeature files() {
        return files;
    }
}
