package dev.mfp.daemon.api.v2.console;

import dev.mfp.daemon.api.v2.V2Frames;
import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.instance.ConsoleAttachment;
import dev.mfp.protocol.v2.BinaryFrame;
import java.util.UUID;

/**
 * Inbound binary frames: ConsoleInput here (console.md §4), uploads to the frames it wraps. Nothing is ever sent
 * back for a ConsoleInput frame; a rejected one is only logged.
 */
public final class ConsoleFrames implements V2Frames {
    /** console.md §2: {@code max_chunk_size}. */
    public static final int MAX_INPUT_CHUNK = 65_536;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsoleFrames.class);

    private final V2Frames uploads;

    public ConsoleFrames(V2Frames uploads) {
        this.uploads = uploads;
    }

    @Override
    public void uploadChunk(V2Session session, BinaryFrame frame) {
        uploads.uploadChunk(session, frame);
    }

    @Override
    public void uploadFrameInvalid(V2Session session, UUID sessionId) {
        uploads.uploadFrameInvalid(session, sessionId);
    }

    @Override
    public void consoleInput(V2Session session, BinaryFrame frame) {
        ConsoleSessions table = ConsoleSessions.existing(session);
        ConsoleSessions.ConsoleSession s = table == null ? null : table.get(frame.sessionId());
        if (s == null) {
            reject(session, frame, "console.session_not_found");
            return;
        }
        int n = frame.payload().remaining();
        if (n > MAX_INPUT_CHUNK) {
            reject(session, frame, "console.chunk_too_large");
            return;
        }
        if (!s.accept(frame.offset(), n)) {
            ConsoleAttachment a = s.attachment();
            reject(session, frame, a != null && a.alive() ? "console.input.offset.invalid" : "instance.not_running");
            return;
        }
        if (n == 0) {
            return;
        }
        byte[] data = new byte[n];
        frame.payload().duplicate().get(data); // the payload is a view of the received message
        s.write(s.attachment(), data);
    }

    private static void reject(V2Session session, BinaryFrame frame, String code) {
        LOG.debug("connection {}: console input for {} at {} rejected: {}", session.connectionId(), frame.sessionId(),
                frame.offset(), code);
    }
}
