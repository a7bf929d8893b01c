package dev.mfp.daemon.api.v2.console;

import dev.mfp.daemon.api.v2.V2Error;
import dev.mfp.daemon.api.v2.V2Errors;
import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.instance.ConsoleAttachment;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.process.ConsoleOutput;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.v2.BinaryFrame;
import dev.mfp.protocol.v2.model.V2Times;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/** The console sessions of console.md over the instance core: open, resize, close; output as ConsoleOutput frames. */
public final class ConsoleService {
    public static final int DEFAULT_COLUMNS = 120;
    public static final int DEFAULT_ROWS = 40;
    /** console.md §2: informative only, never enforced. */
    static final Duration EXPIRY = Duration.ofHours(6);
    /**
     * A replayed history is sent in pieces of at most this many bytes (contiguous chunks merged, offsets kept):
     * a full 1 MiB history of 4096-byte reads would otherwise be 256 messages, the whole outbound queue.
     */
    static final int REPLAY_PIECE_BYTES = 65_536;
    private static final UUID ZERO = new UUID(0L, 0L);

    private final InstanceManager instances;
    private final Executor workers;

    public ConsoleService(InstanceManager instances, Executor workers) {
        this.instances = instances;
        this.workers = workers;
    }

    /** console.md §2, checks in order: closing connection, size, unknown instance, no live process. */
    public Map<String, Object> open(V2Session session, UUID instanceId, int columns, int rows, boolean replay) {
        if (!session.isOpen()) {
            throw V2Error.conflict("connection.closed");
        }
        checkSize(columns, rows);
        Instance inst;
        try {
            inst = instances.get(instanceId);
        } catch (DaemonError e) {
            throw V2Error.notFound("instance.not_found");
        }
        ConsoleSessions table = ConsoleSessions.of(session);
        if (table.size() >= ConsoleSessions.MAX_PER_CONNECTION) {
            throw new V2Error("console.session_create_failed", DaemonErrorKind.CONFLICT, "at most "
                    + ConsoleSessions.MAX_PER_CONNECTION + " console sessions per connection");
        }
        UUID sessionId = UUID.randomUUID();
        ConsoleSessions.ConsoleSession cs = new ConsoleSessions.ConsoleSession(sessionId, instanceId, workers);
        if (!table.add(cs)) {
            throw V2Error.conflict("connection.closed");
        }
        ConsoleAttachment a;
        try {
            a = inst.openConsole(columns, rows, replay, REPLAY_PIECE_BYTES, chunk -> send(session, sessionId, chunk));
        } catch (DaemonError e) {
            table.remove(sessionId);
            throw V2Errors.instance(e, "instance.not_running", "console.session_create_failed");
        } catch (RuntimeException e) {
            table.remove(sessionId);
            throw new V2Error("console.session_create_failed", DaemonErrorKind.INTERNAL, e.toString());
        }
        cs.attach(a);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("session_id", sessionId.toString());
        result.put("instance_id", instanceId.toString());
        result.put("expires_at", V2Times.format(Instant.now().plus(EXPIRY)));
        result.put("max_chunk_size", ConsoleFrames.MAX_INPUT_CHUNK);
        result.put("columns", columns);
        result.put("rows", rows);
        return result;
    }

    /** console.md §3: unknown or foreign session, size, process gone. */
    public Map<String, Object> resize(V2Session session, UUID sessionId, int columns, int rows) {
        ConsoleSessions table = ConsoleSessions.existing(session);
        ConsoleSessions.ConsoleSession cs = table == null ? null : table.get(sessionId);
        if (cs == null || cs.attachment() == null) {
            throw V2Error.notFound("console.session_not_found");
        }
        checkSize(columns, rows);
        try {
            cs.attachment().resize(columns, rows);
        } catch (DaemonError e) {
            throw V2Errors.instance(e, "instance.not_running", "internal");
        }
        return Map.of();
    }

    /**
     * console.md §3: {@code {}} for every id but the all-zero one, which is never a session (decisions.md 12:
     * {@code file.session.not_found}); only this connection's sessions are closed.
     */
    public Map<String, Object> close(V2Session session, UUID sessionId) {
        if (sessionId.equals(ZERO)) {
            throw V2Error.notFound("file.session.not_found");
        }
        ConsoleSessions table = ConsoleSessions.existing(session);
        if (table != null) {
            table.remove(sessionId);
        }
        return Map.of();
    }

    private static void checkSize(int columns, int rows) {
        if (columns == 0 || rows == 0) {
            throw V2Error.validation("console.size_invalid");
        }
    }

    /** console.md §5: one ConsoleOutput frame per chunk, through the connection's ordered outbound queue. */
    private static void send(V2Session session, UUID sessionId, ConsoleOutput.Chunk chunk) {
        byte[] d = chunk.data();
        session.sendBinary(ByteBuffer.wrap(BinaryFrame.encode(BinaryFrame.Kind.CONSOLE_OUTPUT, sessionId,
                chunk.offset(), d, 0, d.length)));
    }
}
