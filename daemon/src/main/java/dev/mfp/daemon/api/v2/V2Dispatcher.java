package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.metrics.RequestMetrics;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.InvalidParamsException;
import dev.mfp.protocol.v2.rpc.ParamsBinder;
import dev.mfp.protocol.v2.rpc.RpcErrorCode;
import dev.mfp.protocol.v2.rpc.RpcParse;
import dev.mfp.protocol.v2.rpc.RpcRequest;
import dev.mfp.protocol.v2.rpc.RpcRequestParser;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC requests of one protocol (rpc.md): parse and profile, then in the order of §7.4 — method lookup,
 * notification (dropped, never answered), permission, strict params, execution — and the one mapping of every
 * failure to its answer. A connection runs at most {@link #MAX_IN_FLIGHT} requests at once; further ones wait in
 * the socket (reading is held) instead of being refused (transport.md §6.1).
 */
public final class V2Dispatcher {
    public static final int MAX_IN_FLIGHT = 16;
    /** Methods every authenticated connection may call (decisions.md #21, client-compat.md §4). */
    private static final java.util.Set<String> UNGUARDED = java.util.Set.of("mcsl.event.subscribe",
            "mcsl.event.unsubscribe");
    private static final Logger LOG = LoggerFactory.getLogger(V2Dispatcher.class);

    private final V2Methods methods;
    private final Executor workers;
    private final V2Responses responses;
    private final V2Audit audit;
    private final RequestMetrics metrics;

    public V2Dispatcher(V2Methods methods, Executor workers, String version) {
        this(methods, workers, version, null, RequestMetrics.NONE);
    }

    /**
     * @param audit where audited calls are recorded (audit.md), or null for none
     * @param metrics counts every answered request under its method (or {@code unknown}) and times it
     */
    public V2Dispatcher(V2Methods methods, Executor workers, String version, dev.mfp.daemon.audit.AuditLog audit,
            RequestMetrics metrics) {
        this.methods = methods;
        this.workers = workers;
        this.responses = new V2Responses(version);
        this.audit = new V2Audit(audit);
        this.metrics = metrics;
    }

    /** Per-connection dispatch state: the in-flight slots. */
    static final class Slots {
        final Semaphore free = new Semaphore(MAX_IN_FLIGHT);
    }

    public void onText(V2Session session, byte[] utf8, int offset, int length) {
        long start = System.nanoTime();
        RpcParse parsed = RpcRequestParser.parse(utf8, offset, length);
        if (parsed instanceof RpcParse.Failure f) {
            metrics.observe(null, false, start);
            send(session, responses.error(null, f.code(), null, null, false, V2Responses.newCorrelationId()), null);
            return;
        }
        RpcRequest request = (RpcRequest) parsed;
        V2Method method = methods.get(request.method());
        if (request.isNotification()) {
            return; // rpc.md §3: never answered, never run (no built-in method allows notifications)
        }
        if (method == null) {
            metrics.observe(null, false, start);
            send(session, responses.error(request.id(), RpcErrorCode.METHOD_NOT_FOUND, null, null, false,
                    V2Responses.newCorrelationId()), null);
            return;
        }
        if (!UNGUARDED.contains(method.name()) && !session.grant().v2().allows(method.name())) {
            metrics.observe(method.name(), false, start);
            send(session, responses.error(request.id(), RpcErrorCode.PERMISSION_DENIED, DaemonErrorKind.PERMISSION,
                    "permission.denied", true, V2Responses.newCorrelationId()), null);
            return;
        }
        ObjectNode params;
        try {
            params = ParamsBinder.bind(method.params(), request);
        } catch (InvalidParamsException e) {
            LOG.debug("{}: invalid params: {}", method.name(), e.getMessage());
            metrics.observe(method.name(), false, start);
            send(session, responses.error(request.id(), RpcErrorCode.INVALID_PARAMS, null, null, true,
                    V2Responses.newCorrelationId()), null);
            return;
        }
        if (method.inline()) {
            execute(session, method, request, params, null);
            return;
        }
        Slots slots = session.attachment(Slots.class, Slots::new);
        if (!slots.free.tryAcquire()) {
            // hold the socket until a slot frees; this request waits for it on a worker
            session.channel().holdReading();
            submit(session, () -> {
                try {
                    slots.free.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                session.channel().resumeReading();
                execute(session, method, request, params, slots);
            });
            return;
        }
        submit(session, () -> execute(session, method, request, params, slots));
    }

    private void submit(V2Session session, Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            session.abort(); // the daemon is stopping
        }
    }

    private void execute(V2Session session, V2Method method, RpcRequest request, ObjectNode params, Slots slots) {
        Runnable release = slots == null ? null : slots.free::release;
        if (!session.isOpen()) {
            audit.cancelled(method, params, session);
            if (release != null) {
                release.run();
            }
            return;
        }
        String text;
        java.nio.ByteBuffer frame = null;
        long start = System.nanoTime();
        boolean ok = false;
        try {
            Object result = audit.call(method, params, session); // runs the handler; records audited calls
            if (result instanceof V2Reply reply) {
                frame = reply.frame();
                result = reply.result();
            }
            text = responses.result(request.id(), result);
            ok = true;
        } catch (V2Error e) {
            LOG.debug("{}: {}", method.name(), e.getMessage());
            text = responses.error(request.id(), RpcErrorCode.forDomainKind(e.kind()), e.kind(), e.code(), true,
                    V2Responses.newCorrelationId());
        } catch (InvalidParamsException e) {
            LOG.debug("{}: invalid params: {}", method.name(), e.getMessage());
            text = responses.error(request.id(), RpcErrorCode.INVALID_PARAMS, null, null, true,
                    V2Responses.newCorrelationId());
        } catch (dev.mfp.protocol.ActionError e) {
            V2Error mapped = V2Errors.generic(e);
            if (mapped.kind() == DaemonErrorKind.INTERNAL) {
                text = internal(request, method, e);
            } else {
                text = responses.error(request.id(), RpcErrorCode.forDomainKind(mapped.kind()), mapped.kind(),
                        mapped.code(), true, V2Responses.newCorrelationId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            text = internal(request, method, e);
        } catch (Exception | Error e) {
            text = internal(request, method, e);
        }
        metrics.observe(method.name(), ok, start);
        if (frame != null) {
            session.channel().sendBinary(text, frame, release);
        } else {
            send(session, text, release);
        }
    }

    private String internal(RpcRequest request, V2Method method, Throwable e) {
        String correlation = V2Responses.newCorrelationId();
        LOG.warn("{} failed (correlation_id {})", method.name(), correlation, e);
        return responses.error(request.id(), RpcErrorCode.INTERNAL_ERROR, DaemonErrorKind.INTERNAL, null, true,
                correlation);
    }

    private static void send(V2Session session, String text, Runnable onSent) {
        session.channel().sendResponse(text, onSent == null ? () -> { } : onSent);
    }
}
