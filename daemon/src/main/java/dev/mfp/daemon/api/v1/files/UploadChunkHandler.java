package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.upload.ChunkEncoding;
import dev.mfp.daemon.files.upload.UploadManager;
import dev.mfp.daemon.files.upload.UploadSessions;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.ActionError;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * {@code file_upload_chunk} (actions.md §10): {@code data} decoded with the session's encoding, the UTF-16 padding
 * byte dropped; the core gets the bytes only.
 */
public final class UploadChunkHandler implements ActionHandler<UploadChunkHandler.Params, UploadSessions.Progress> {
    public record Params(UUID fileId, BigInteger offset, String data) {
    }

    private final UploadManager uploads;

    public UploadChunkHandler(UploadManager uploads) {
        this.uploads = uploads;
    }

    @Override
    public Action action() {
        return Action.FILE_UPLOAD_CHUNK;
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public UploadSessions.Progress handle(Params p, RequestContext ctx) {
        UUID id = dev.mfp.daemon.api.v1.Params.require(p.fileId(), "file_id");
        BigInteger offset = dev.mfp.daemon.api.v1.Params.require(p.offset(), "offset");
        String data = dev.mfp.daemon.api.v1.Params.require(p.data(), "data");
        UploadManager.ChunkFormat format = uploads.chunkFormat(id);
        if (offset.bitLength() > 62) {
            throw ActionError.badFormat("offset " + offset + " is out of range");
        }
        byte[] bytes = format.encoding().decode(data, UploadManager.MAX_CHUNK);
        int len = bytes.length;
        if (format.encoding() == ChunkEncoding.UTF16BE && len > 0 && offset.longValue() + len == format.size() + 1) {
            len--; // UTF-16 carries an even byte count: the padding byte of an odd-sized final chunk (§3.3)
        }
        return uploads.chunk(id, offset.longValue(), ByteBuffer.wrap(bytes, 0, len));
    }
}
