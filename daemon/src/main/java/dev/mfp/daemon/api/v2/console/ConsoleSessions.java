package dev.mfp.daemon.api.v2.console;

import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.instance.ConsoleAttachment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.mfp.daemon.util.SerialExecutor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The console sessions of one connection (console.md §6): created by {@code console.open}, ended by
 * {@code console.close} or when the connection closes; never by the end of the process.
 */
public final class ConsoleSessions {
    /** Console sessions one connection may hold (each is a fan-out target of a process's output). */
    static final int MAX_PER_CONNECTION = 16;
    private final Map<UUID, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private ConsoleSessions() {
    }

    /** The table of {@code session}'s connection, created (and tied to its close) on first use. */
    public static ConsoleSessions of(V2Session session) {
        return session.attachment(ConsoleSessions.class, () -> {
            ConsoleSessions s = new ConsoleSessions();
            session.onClose(s::closeAll);
            return s;
        });
    }

    /** The table if this connection ever opened a console session, else null (console input of strangers). */
    public static ConsoleSessions existing(V2Session session) {
        return session.attachment(ConsoleSessions.class, () -> null);
    }

    /**
     * Registers a session being opened; false (and nothing registered) when the connection has closed. The
     * attachment is given afterwards ({@link ConsoleSession#attach}): output may start before open answers.
     */
    boolean add(ConsoleSession s) {
        if (closed) {
            return false;
        }
        sessions.put(s.id(), s);
        if (closed) { // closed meanwhile: the close hook may have missed it
            remove(s.id());
            return false;
        }
        return true;
    }

    ConsoleSession get(UUID id) {
        return sessions.get(id);
    }

    /** Ends the session {@code id} of this connection; false when it has none of that id. */
    boolean remove(UUID id) {
        ConsoleSession s = sessions.remove(id);
        if (s == null) {
            return false;
        }
        s.close();
        return true;
    }

    boolean isClosed() {
        return closed;
    }

    int size() {
        return sessions.size();
    }

    private void closeAll() {
        closed = true;
        List<UUID> ids = new ArrayList<>(sessions.keySet());
        for (UUID id : ids) {
            remove(id);
        }
    }

    /**
     * One session: its instance run, the next expected input offset, its serial input writer and the input bytes
     * queued there (at most {@link #MAX_PENDING_INPUT}: a process that does not read its input makes further frames
     * rejected, silently like every console input failure, instead of growing the queue).
     */
    static final class ConsoleSession {
        static final int MAX_PENDING_INPUT = 1 << 20;
        private final UUID id;
        private final UUID instanceId;
        private final SerialExecutor writer;
        private int pendingInput;
        private volatile ConsoleAttachment attachment;
        private volatile boolean closed;
        private long nextInput;

        ConsoleSession(UUID id, UUID instanceId, Executor workers) {
            this.id = id;
            this.instanceId = instanceId;
            this.writer = new SerialExecutor(workers);
        }

        UUID id() {
            return id;
        }

        UUID instanceId() {
            return instanceId;
        }

        ConsoleAttachment attachment() {
            return attachment;
        }

        /** Queues {@code data} for {@code a}, in frame order; the bytes count as pending until written. */
        void write(ConsoleAttachment a, byte[] data) {
            writer.execute(() -> {
                try {
                    a.write(data);
                } catch (RuntimeException e) { // the process ended meanwhile: console input fails silently
                    org.slf4j.LoggerFactory.getLogger(ConsoleSessions.class).debug("console input not written: {}",
                            e.toString());
                } finally {
                    synchronized (this) {
                        pendingInput -= data.length;
                    }
                }
            });
        }

        /** Binds the run; if the session was closed meanwhile the attachment is released at once. */
        void attach(ConsoleAttachment a) {
            attachment = a;
            if (closed) {
                a.close();
            }
        }

        /**
         * console.md §4 steps 3–4: accepts a frame at {@code offset} of {@code n} bytes when it is the next
         * expected offset and the run's process lives, and then advances; a rejected frame does not advance.
         */
        synchronized boolean accept(long offset, int n) {
            ConsoleAttachment a = attachment;
            if (offset != nextInput || a == null || !a.alive() || pendingInput + n > MAX_PENDING_INPUT) {
                return false;
            }
            nextInput += n;
            pendingInput += n;
            return true;
        }

        void close() {
            closed = true;
            ConsoleAttachment a = attachment;
            if (a != null) {
                a.close();
            }
        }
    }
}
