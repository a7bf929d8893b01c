package dev.mfp.daemon.transport;

import dev.mfp.daemon.api.v1.ActionChannel;
import dev.mfp.daemon.auth.Grant;
import dev.mfp.protocol.Permissions;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated WebSocket of either protocol: its grant, per-feature state, clean-up hooks, in-flight
 * bound and outbound queue; complete messages go to its {@link FrontEnd.Session}. It demands each frame from Jetty itself, so that it can stop reading while its
 * peer does not read what it is sent (see {@link OutboundQueue}).
 */
public final class Connection implements Session.Listener, ActionChannel, Channel {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** Unsent bytes above which no further frame is read from the peer, until they are down to the resume bound. */
    static final long PAUSE_READING_BYTES = 1L << 20;
    static final long RESUME_READING_BYTES = 256L << 10;
    /** Unsent bytes above which events are dropped for this connection. */
    static final long EVENT_LIMIT_BYTES = 16L << 20;
    /** Unsent bytes above which the connection is closed with 1008 (what is queued is dropped at once). */
    static final long CLOSE_BYTES = 32L << 20;
    static final OutboundQueue.Limits OUTBOUND_LIMITS = new OutboundQueue.Limits(PAUSE_READING_BYTES,
            RESUME_READING_BYTES, EVENT_LIMIT_BYTES, CLOSE_BYTES);
    /** How long a closing handshake may take before the socket is dropped (a peer that does not read never ends it). */
    static final long CLOSE_GRACE_MS = 30_000;

    private final UUID id = UUID.randomUUID();
    private final Grant grant;
    private final ConnectionSettings settings;
    private final String api;
    private final FrontEnd frontEnd;
    private volatile FrontEnd.Session protocol;
    private final ScheduledExecutorService scheduler;
    private final ConnectionRegistry registry;
    private final Semaphore slots;
    private final long maxText;
    private final long maxBinary;
    private final OutboundBudget outboundBudget;
    private final MessageAssembler message;
    private byte messageType;
    private boolean discarding;
    private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    private final List<Runnable> closeHooks = new ArrayList<>();
    private volatile Session session;
    private volatile OutboundQueue outbound;
    private ScheduledFuture<?> expiry;
    private ScheduledFuture<?> sendWatch;
    private boolean closed;
    private int closeCode;
    /** Written only by Jetty's (serialized) frame delivery. */
    private volatile long framesReceived;
    private volatile boolean held;
    private final java.util.concurrent.atomic.AtomicBoolean demanding = new java.util.concurrent.atomic.AtomicBoolean();

    private static org.eclipse.jetty.util.Callback completion(java.util.function.Consumer<Throwable> done) {
        return org.eclipse.jetty.util.Callback.from(() -> done.accept(null), done::accept);
    }

    Connection(Grant grant, ConnectionSettings settings, FrontEnd frontEnd, ScheduledExecutorService scheduler,
            ConnectionRegistry registry, OutboundBudget outboundBudget, MessageBudget messageBudget, String api) {
        this.api = api;
        this.grant = grant;
        this.settings = settings;
        this.frontEnd = frontEnd;
        this.scheduler = scheduler;
        this.registry = registry;
        this.slots = new Semaphore(settings.maxInflight());
        this.maxText = settings.maxText();
        this.maxBinary = settings.maxBinary();
        this.outboundBudget = outboundBudget;
        this.message = new MessageAssembler(messageBudget.holder(this::evicted));
    }

    /** Another connection needed the room this one's unfinished message held (see {@link MessageBudget}). */
    private void evicted() {
        message.release();
        LOG.info("connection {}: closed, unfinished messages of all connections hold too much", id);
        close(1013, "daemon busy: too many unfinished messages");
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        // Frames go through Jetty's core session, which can gather a burst ("more follow") into one write.
        org.eclipse.jetty.websocket.core.CoreSession core =
                ((org.eclipse.jetty.websocket.common.WebSocketSession) s).getCoreSession();
        this.outbound = new OutboundQueue(new OutboundQueue.Writer() {
            @Override
            public void write(byte[] utf8, java.util.function.Consumer<Throwable> done) {
                write(utf8, false, done);
            }

            @Override
            public void write(byte[] utf8, boolean more, java.util.function.Consumer<Throwable> done) {
                core.sendFrame(new org.eclipse.jetty.websocket.core.Frame(OpCode.TEXT, ByteBuffer.wrap(utf8)),
                        completion(done), more);
            }

            @Override
            public void writePong(ByteBuffer payload, java.util.function.Consumer<Throwable> done) {
                s.sendPong(payload, Callback.from(() -> done.accept(null), done::accept));
            }

            @Override
            public void writeBinary(ByteBuffer payload, java.util.function.Consumer<Throwable> done) {
                writeBinary(payload, false, done);
            }

            @Override
            public void writeBinary(ByteBuffer payload, boolean more, java.util.function.Consumer<Throwable> done) {
                core.sendFrame(new org.eclipse.jetty.websocket.core.Frame(OpCode.BINARY, payload), completion(done),
                        more);
            }
        }, settings.outbound(), outboundBudget, this::overflow, this::demand,
                (what, err) -> LOG.debug("connection {}: {}", id, what, err));
        registry.add(this);
        try {
            protocol = frontEnd.open(this);
        } catch (RuntimeException e) {
            LOG.warn("connection {}: set-up failed", id, e);
            close(1011, "connection setup failed");
            return;
        }
        if (grant.expiresAt() != null) {
            long delay = Math.max(0, grant.expiresAt().toEpochMilli() - System.currentTimeMillis());
            expiry = scheduler.schedule(() -> close(settings.expiryCode(), settings.expiryReason()),
                    delay, TimeUnit.MILLISECONDS);
        }
        if (settings.maxSendMillis() > 0) {
            long period = Math.max(1000, settings.maxSendMillis() / 4);
            sendWatch = scheduler.scheduleWithFixedDelay(this::checkSend, period, period, TimeUnit.MILLISECONDS);
        }
        LOG.debug("connection {} opened from {}", id, s.getRemoteSocketAddress());
        demand();
    }

    private void overflow() {
        LOG.info("connection {}: closed, it does not read what it is sent", id);
        close(settings.overflowCode(), settings.overflowReason());
    }

    /** A message handed to the socket that has not left within {@code maxSendMillis} makes a slow consumer. */
    private void checkSend() {
        OutboundQueue q = outbound;
        long since = q == null ? 0 : q.writingSince();
        if (since > 0 && System.currentTimeMillis() - since > settings.maxSendMillis()) {
            LOG.info("connection {}: closed, a send took longer than {} ms", id, settings.maxSendMillis());
            close(settings.overflowCode(), settings.overflowReason());
        }
    }

    /**
     * Stops reading frames until {@link #resumeReading()}: a front end whose in-flight bound is reached lets the
     * socket's buffers apply back-pressure instead of queueing requests.
     */
    @Override
    public void holdReading() {
        held = true;
    }

    @Override
    public void resumeReading() {
        held = false;
        demand();
    }

    /**
     * Asks Jetty for the next frame unless the front end holds reading or the outbound queue paused it; at most one
     * demand is outstanding. Called once per frame read, by the queue when it has drained, and on resume.
     */
    private void demand() {
        Session s = session;
        if (s == null || !s.isOpen() || held) {
            return;
        }
        OutboundQueue q = outbound;
        if (q != null && q.readingPaused()) {
            return;
        }
        if (!demanding.compareAndSet(false, true)) {
            return;
        }
        try {
            s.demand();
        } catch (RuntimeException e) {
            LOG.debug("connection {}: demand refused: {}", id, e.toString());
        }
    }

    /**
     * Every frame arrives here (Jetty then bypasses its own message aggregation and ping handling): data frames are collected as
     * raw bytes ({@link MessageAssembler}) instead of Jetty's per-byte UTF-8 decoding into a {@code StringBuilder};
     * the limits and close codes stay those of Jetty's sinks: a message above the limit closes with 1009 (Message
     * Too Big), a text message that is not UTF-8 with 1007 (Bad Payload). Pings are answered with pongs here,
     * through the outbound queue; close frames are handled by Jetty (the close reaches {@link #onWebSocketClose}).
     * The next frame is demanded unless the outbound queue asks to pause.
     */
    @Override
    public void onWebSocketFrame(Frame frame, Callback callback) {
        demanding.set(false);
        framesReceived++;
        try {
            switch (frame.getOpCode()) {
                case OPCODE_TEXT, OPCODE_BINARY, OPCODE_CONTINUATION -> onDataFrame(frame);
                case OPCODE_PING -> {
                    OutboundQueue q = outbound;
                    ByteBuffer p = frame.getPayload();
                    ByteBuffer copy = ByteBuffer.allocate(p == null ? 0 : p.remaining());
                    if (p != null) {
                        copy.put(p.duplicate()).flip();
                    }
                    if (q != null) {
                        q.offerPong(copy);
                    }
                }
                default -> {
                    // pong and close: nothing to do here
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("connection {}: frame handling failed", id, e);
        } finally {
            callback.succeed();
        }
        OutboundQueue q = outbound;
        if (q == null || !q.pauseReading()) {
            demand();
        }
    }

    private static final byte OPCODE_CONTINUATION = 0;
    private static final byte OPCODE_TEXT = 1;
    private static final byte OPCODE_BINARY = 2;
    private static final byte OPCODE_PING = 9;

    private void onDataFrame(Frame frame) {
        byte op = frame.getOpCode();
        if (op != OPCODE_CONTINUATION) {
            messageType = op;
            discarding = false;
        }
        if (discarding) {
            if (frame.isFin()) {
                discarding = false;
            }
            return;
        }
        boolean text = messageType == OPCODE_TEXT;
        if (!text && frame.isFin() && !message.active()) {
            // a single-frame binary message: the payload is only valid during this call, which is all we need
            ByteBuffer p = frame.getPayload();
            if (p != null && p.remaining() > maxBinary) {
                tooBig(new MessageAssembler.TooBig(
                        "binary message of " + p.remaining() + " bytes is larger than " + maxBinary, 1009));
                return;
            }
            onBinary(p == null ? ByteBuffer.allocate(0) : p.slice());
            return;
        }
        try {
            message.append(frame.getPayload(), text ? maxText : maxBinary);
        } catch (MessageAssembler.TooBig e) {
            tooBig(e);
            return;
        }
        if (!frame.isFin()) {
            return;
        }
        try {
            if (text) {
                if (!MessageAssembler.isValidUtf8(message.bytes(), 0, message.length())) {
                    close(1007, "text message is not valid UTF-8");
                    return;
                }
                FrontEnd.Session p = protocol;
                if (p != null) {
                    p.onText(message.bytes(), 0, message.length());
                }
            } else {
                onBinary(ByteBuffer.wrap(message.bytes(), 0, message.length()));
            }
        } finally {
            message.reset();
        }
    }

    private void tooBig(MessageAssembler.TooBig e) {
        message.release();
        discarding = true;
        LOG.debug("connection {}: {}", id, e.getMessage());
        if (e.closeCode() == 1009) {
            close(1009, "Message Too Big");
        } else {
            close(e.closeCode(), "daemon busy: too many unfinished messages");
        }
    }

    private void onBinary(ByteBuffer payload) {
        FrontEnd.Session p = protocol;
        if (p == null) {
            return;
        }
        try {
            p.onBinary(payload);
        } catch (RuntimeException e) {
            LOG.warn("connection {}: binary frame failed", id, e);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        cleanUp();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("connection {}: {}", id, cause.toString());
        cleanUp();
    }

    /**
     * Closes the socket; clean-up runs when the close completes. A peer that reads nothing never receives the close
     * frame, so the socket is dropped if the handshake has not ended after {@link #CLOSE_GRACE_MS}.
     */
    @Override
    public void close(int code, String reason) {
        synchronized (this) {
            if (closeCode == 0) {
                closeCode = code;
            }
        }
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(code, reason, Callback.from(() -> { }, err -> s.disconnect()));
            try {
                scheduler.schedule(() -> {
                    if (!isClosed()) {
                        s.disconnect();
                    }
                }, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                s.disconnect(); // the daemon is stopping
            }
        }
    }

    /** The code of the first close the daemon started on this connection; 0 when it has not closed it. */
    public synchronized int closeCode() {
        return closeCode;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen() && !isClosed();
    }

    private void cleanUp() {
        List<Runnable> hooks;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            hooks = new ArrayList<>(closeHooks);
            closeHooks.clear();
        }
        if (expiry != null) {
            expiry.cancel(false);
        }
        if (sendWatch != null) {
            sendWatch.cancel(false);
        }
        registry.remove(this);
        message.release();
        OutboundQueue q = outbound;
        if (q != null) {
            q.close();
        }
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("connection {}: close hook failed", id, e);
            }
        }
        LOG.debug("connection {} closed", id);
    }

    /** The endpoint's name ({@code v1}, {@code v2}). */
    public String api() {
        return api;
    }

    @Override
    public UUID connectionId() {
        return id;
    }

    @Override
    public UUID jti() {
        return grant.jti();
    }

    @Override
    public Permissions permissions() {
        return grant.permissions();
    }

    @Override
    public Instant expiresAt() {
        return grant.expiresAt();
    }

    /** The verified token this connection was opened with. */
    @Override
    public Grant grant() {
        return grant;
    }

    @Override
    public void onClose(Runnable hook) {
        boolean runNow;
        synchronized (this) {
            runNow = closed;
            if (!runNow) {
                closeHooks.add(hook);
            }
        }
        if (runNow) {
            hook.run();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment(Class<T> key, Supplier<T> factory) {
        return (T) attachments.computeIfAbsent(key, k -> factory.get());
    }

    @Override
    public void sendText(String text) {
        OutboundQueue q = outbound;
        if (q != null) {
            q.offerResponse(text, null);
        }
    }

    @Override
    public boolean tryAcquireSlot() {
        return slots.tryAcquire();
    }

    @Override
    public void releaseSlot() {
        slots.release();
    }

    @Override
    public void sendResponse(String text, Runnable onSent) {
        OutboundQueue q = outbound;
        if (q == null) {
            onSent.run();
            return;
        }
        q.offerResponse(text, onSent);
    }

    /** Queues an event frame; v1 drops it when the connection cannot keep up (see {@link OutboundQueue}). */
    @Override
    public boolean sendEvent(byte[] utf8) {
        OutboundQueue q = outbound;
        return q == null || q.offerEvent(utf8);
    }

    /**
     * Queues a binary message, preceded by {@code text} (when not null) with nothing in between; {@code onSent}
     * (may be null) runs once it has left or failed to leave the queue.
     */
    @Override
    public void sendBinary(String text, ByteBuffer payload, Runnable onSent) {
        OutboundQueue q = outbound;
        if (q == null) {
            if (onSent != null) {
                onSent.run();
            }
            return;
        }
        q.offerBinary(text, payload, onSent);
    }

    /** Bytes queued for this connection and not yet written to its socket. */
    public long unsentBytes() {
        OutboundQueue q = outbound;
        return q == null ? 0 : q.queuedBytes();
    }

    /** The most {@link #unsentBytes()} ever reached. */
    public long peakUnsentBytes() {
        OutboundQueue q = outbound;
        return q == null ? 0 : q.peakBytes();
    }

    /** Bytes of the array this connection holds for a message being received (or kept for the next one). */
    public long heldMessageBytes() {
        return message.capacity();
    }

    /** Frames read from this connection so far. */
    public long framesReceived() {
        return framesReceived;
    }

    /** Events dropped because this connection could not keep up. */
    public long droppedEvents() {
        OutboundQueue q = outbound;
        return q == null ? 0 : q.droppedEvents();
    }
}
