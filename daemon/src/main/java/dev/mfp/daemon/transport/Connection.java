package dev.mfp.daemon.transport;

import dev.mfp.daemon.action.ActionChannel;
import dev.mfp.daemon.action.Dispatcher;
import dev.mfp.daemon.auth.Grant;
import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.event.EventSink;
import dev.mfp.daemon.event.Subscriptions;
import dev.mfp.protocol.Permissions;
import dev.mfp.protocol.ProtocolInfo;
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
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated WebSocket: its grant, subscriptions, per-feature state, clean-up hooks, in-flight
 * bound and outbound queue. Jetty answers WebSocket pings with pongs itself.
 */
public final class Connection implements Session.Listener.AutoDemanding, ActionChannel, EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    static final long EVENT_LIMIT_CHARS = 16L * 1024 * 1024;
    static final long HARD_LIMIT_CHARS = 256L * 1024 * 1024;

    private final UUID id = UUID.randomUUID();
    private final Grant grant;
    private final Dispatcher dispatcher;
    private final BinaryMessageHandler binaryHandler;
    private final EventBus bus;
    private final ScheduledExecutorService scheduler;
    private final ConnectionRegistry registry;
    private final Semaphore slots;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    private final List<Runnable> closeHooks = new ArrayList<>();
    private volatile Session session;
    private volatile OutboundQueue outbound;
    private ScheduledFuture<?> expiry;
    private boolean closed;

    Connection(Grant grant, Dispatcher dispatcher, BinaryMessageHandler binaryHandler, EventBus bus,
            ScheduledExecutorService scheduler, ConnectionRegistry registry, int maxInflight) {
        this.grant = grant;
        this.dispatcher = dispatcher;
        this.binaryHandler = binaryHandler;
        this.bus = bus;
        this.scheduler = scheduler;
        this.registry = registry;
        this.slots = new Semaphore(maxInflight);
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        this.outbound = new OutboundQueue(
                (text, done) -> s.sendText(text, Callback.from(() -> done.accept(null), done::accept)),
                EVENT_LIMIT_CHARS, HARD_LIMIT_CHARS,
                () -> close(1008, "outbound queue overflow"),
                (what, err) -> LOG.debug("connection {}: {}", id, what, err));
        registry.add(this);
        bus.register(this);
        if (grant.expiresAt() != null) {
            long delay = Math.max(0, grant.expiresAt().toEpochMilli() - System.currentTimeMillis());
            expiry = scheduler.schedule(
                    () -> close(ProtocolInfo.TOKEN_EXPIRED_CLOSE_CODE, ProtocolInfo.TOKEN_EXPIRED_CLOSE_REASON),
                    delay, TimeUnit.MILLISECONDS);
        }
        LOG.debug("connection {} opened from {}", id, s.getRemoteSocketAddress());
    }

    @Override
    public void onWebSocketText(String message) {
        dispatcher.onText(this, message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            binaryHandler.onBinary(this, payload);
            callback.succeed();
        } catch (RuntimeException e) {
            LOG.warn("connection {}: binary frame failed", id, e);
            callback.succeed();
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

    /** Closes the socket; clean-up runs when the close completes. */
    public void close(int code, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(code, reason, Callback.from(() -> { }, err -> s.disconnect()));
        }
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
        bus.unregister(this);
        registry.remove(this);
        subscriptions.clear();
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

    @Override
    public Subscriptions subscriptions() {
        return subscriptions;
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

    @Override
    public void sendEvent(String text) {
        OutboundQueue q = outbound;
        if (q != null) {
            q.offerEvent(text);
        }
    }

    /** Events dropped because this connection could not keep up. */
    public long droppedEvents() {
        OutboundQueue q = outbound;
        return q == null ? 0 : q.droppedEvents();
    }
}
