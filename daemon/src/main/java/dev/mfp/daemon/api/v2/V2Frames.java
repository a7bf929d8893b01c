package dev.mfp.daemon.api.v2;

import dev.mfp.protocol.v2.BinaryFrame;
import java.util.UUID;

/** Where valid inbound binary frames go (binary.md §4): uploads and console input. */
public interface V2Frames {
    V2Frames NONE = new V2Frames() {
    };

    /** A valid UploadChunk; must answer with exactly one {@code mcsl.file.upload.ack}. */
    default void uploadChunk(V2Session session, BinaryFrame frame) {
        session.notify(V2Responses.notification("mcsl.file.upload.ack", java.util.Map.of(
                "session_id", frame.sessionId().toString(), "offset", frame.offset(),
                "length", frame.payload().remaining(), "status", "rejected")));
    }

    /** An UploadChunk whose header failed at steps 6–8: end that upload session, if this connection owns it. */
    default void uploadFrameInvalid(V2Session session, UUID sessionId) {
    }

    /** A valid ConsoleInput; never answered. */
    default void consoleInput(V2Session session, BinaryFrame frame) {
    }
}
