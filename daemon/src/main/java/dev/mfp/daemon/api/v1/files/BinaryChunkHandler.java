package dev.mfp.daemon.api.v1.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.upload.UploadManager;
import dev.mfp.daemon.files.upload.UploadSessions;
import dev.mfp.daemon.api.v1.BinaryMessageHandler;
import dev.mfp.protocol.Action;
import dev.mfp.daemon.api.v1.V1Errors;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.codec.DotNetGuid;
import dev.mfp.protocol.json.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Binary upload chunk frames (transport.md §9): {@code guid(16, .NET order) | offset(8, LE) | sha1(20) | data}.
 * Each frame is answered with a text frame {@code {"file_id","done","received"}} or {@code {"file_id","error"}}.
 * The frame is consumed during the call (its buffer is only valid then); data is written straight from it.
 */
public final class BinaryChunkHandler implements BinaryMessageHandler {
    public static final int HEADER = 44;

    private final UploadManager uploads;

    public BinaryChunkHandler(UploadManager uploads) {
        this.uploads = uploads;
    }

    @Override
    public void onBinary(RequestContext ctx, ByteBuffer frame) {
        if (frame.remaining() < HEADER) {
            return; // §9: shorter frames are ignored
        }
        ByteBuffer b = frame.slice();
        UUID fileId = DotNetGuid.read(b);
        long offset = b.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong();
        b.position(b.position() + 8);
        byte[] expected = new byte[20];
        b.get(expected);
        ByteBuffer data = b.slice();
        if (!ctx.permissions().allows(Action.FILE_UPLOAD_CHUNK.permission())) {
            ctx.sendText(error(fileId, "Permission Denied"));
            return;
        }
        if (!MessageDigest.isEqual(expected, sha1(data.duplicate()))) {
            ctx.sendText(error(fileId, "Checksum mismatch at offset " + offset));
            return;
        }
        try {
            UploadSessions.Progress p = uploads.chunk(fileId, offset, data);
            ObjectNode ok = Json.mapper().createObjectNode();
            ok.put("file_id", fileId.toString());
            ok.put("done", p.done());
            ok.put("received", p.received());
            ctx.sendText(write(ok));
        } catch (ActionError e) {
            ctx.sendText(error(fileId, e.wireMessage()));
        } catch (dev.mfp.daemon.error.DaemonError e) {
            ctx.sendText(error(fileId, V1Errors.of(e).wireMessage()));
        } catch (RuntimeException e) {
            ctx.sendText(error(fileId, "Unexpected Error"));
            throw e;
        }
    }

    private static String error(UUID fileId, String message) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("file_id", fileId.toString());
        n.put("error", message);
        return write(n);
    }

    private static String write(ObjectNode n) {
        try {
            return Json.mapper().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha1(ByteBuffer data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(data);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
