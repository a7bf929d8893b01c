package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.metrics.RequestMetrics;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.InvalidParamsException;
import dev.mfp.protocol.v2.rpc.ParamsBinder;
import dev.mfp.protocol.json.AsciiJson;
import dev.mfp.protocol.json.EnvelopeScan;
import dev.mfp.protocol.json.JsonWritable;
import dev.mfp.protocol.v2.rpc.RpcErrorCode;
import dev.mfp.protocol.v2.rpc.RpcId;
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

    private static final EnvelopeScan.Names ENVELOPE = new EnvelopeScan.Names("jsonrpc", "method", "id", "params");
    private static final int SLOT_JSONRPC = 0;
    private static final int SLOT_METHOD = 1;
    private static final int SLOT_ID = 2;
    private static final int SLOT_PARAMS = 3;
    private static final byte[] OK_HEAD = "{\"jsonrpc\":\"2.0\",\"id\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] OK_RESULT = ",\"result\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final Runnable NOTHING = () -> { };

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
        EnvelopeScan scan = EnvelopeScan.scan(utf8, offset, length, ENVELOPE, true);
        if (scan != null && answeredFast(session, scan, utf8, start)) {
            return;
        }
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

    /**
     * The common case without a tree: an ASCII request of exactly the envelope members, {@code "2.0"}, a plain
     * string or short integer id, no params or {@code {}}, naming an inline method of an empty request type that the
     * connection may call and that is not audited. Anything else takes the full parser, which answers as it always
     * did; so does every refusal.
     */
    private boolean answeredFast(V2Session session, EnvelopeScan scan, byte[] utf8, long start) {
        if (scan.unknownMembers() != 0 || scan.kind(SLOT_JSONRPC) != EnvelopeScan.PLAIN_STRING
                || scan.kind(SLOT_METHOD) != EnvelopeScan.PLAIN_STRING
                || !(scan.kind(SLOT_PARAMS) == 0 || scan.kind(SLOT_PARAMS) == EnvelopeScan.EMPTY_OBJECT)
                || !isVersion(utf8, scan.start(SLOT_JSONRPC), scan.end(SLOT_JSONRPC))) {
            return false;
        }
        int idStart = scan.start(SLOT_ID);
        int idEnd = scan.end(SLOT_ID);
        boolean stringId = scan.kind(SLOT_ID) == EnvelopeScan.PLAIN_STRING;
        if (!stringId && !(scan.kind(SLOT_ID) == EnvelopeScan.OTHER && isShortInteger(utf8, idStart, idEnd))) {
            return false; // notifications and other ids: the full path
        }
        V2Method method = methods.get(utf8, scan.start(SLOT_METHOD), scan.end(SLOT_METHOD));
        if (method == null || !method.inline() || !method.params().isEmpty() || V2Target.isAudited(method.name())
                || !(UNGUARDED.contains(method.name()) || session.grant().v2().allows(method.name()))) {
            return false;
        }
        Object result;
        try {
            result = method.handler().call(ParamsBinder.emptyParams(), session);
        } catch (Throwable e) {
            RpcId id = rpcId(utf8, idStart, idEnd, stringId);
            metrics.observe(method.name(), false, start);
            send(session, failure(id, method, e), null);
            return true;
        }
        if (!(result instanceof JsonWritable data)) {
            answer(session, method, rpcId(utf8, idStart, idEnd, stringId), result, null, start);
            return true;
        }
        AsciiJson out = AsciiJson.open().raw(OK_HEAD);
        if (stringId) {
            out.ch('"').raw(utf8, idStart, idEnd).ch('"');
        } else {
            out.raw(utf8, idStart, idEnd);
        }
        data.writeJson(out.raw(OK_RESULT));
        metrics.observe(method.name(), true, start);
        send(session, out.ch('}').finish(), null);
        return true;
    }

    private static RpcId rpcId(byte[] b, int start, int end, boolean string) {
        String text = new String(b, start, end - start, java.nio.charset.StandardCharsets.US_ASCII);
        return string ? RpcId.ofString(text) : RpcId.ofIntegerLiteral(text);
    }

    private static boolean isVersion(byte[] b, int start, int end) {
        return end - start == 3 && b[start] == '2' && b[start + 1] == '.' && b[start + 2] == '0';
    }

    /** An integer literal of at most 18 digits: always an int64, written back as received. */
    private static boolean isShortInteger(byte[] b, int start, int end) {
        int i = start < end && b[start] == '-' ? start + 1 : start;
        if (i >= end || end - i > 18 || (b[i] == '0' && end - i > 1)) {
            return false;
        }
        for (; i < end; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
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
        long start = System.nanoTime();
        Object result;
        try {
            result = audit.call(method, params, session); // runs the handler; records audited calls
        } catch (Exception | Error e) {
            metrics.observe(method.name(), false, start);
            send(session, failure(request.id(), method, e), release);
            return;
        }
        answer(session, method, request.id(), result, release, start);
    }

    /** Sends a call's result (with its binary frame, if any), or the error its serialization failed with. */
    private void answer(V2Session session, V2Method method, RpcId id, Object result, Runnable release, long start) {
        java.nio.ByteBuffer frame = null;
        String text;
        boolean ok = false;
        try {
            if (result instanceof V2Reply reply) {
                frame = reply.frame();
                result = reply.result();
            }
            text = responses.result(id, result);
            ok = true;
        } catch (Exception | Error e) {
            text = failure(id, method, e);
        }
        metrics.observe(method.name(), ok, start);
        if (frame != null) {
            session.channel().sendBinary(text, frame, release);
        } else {
            send(session, text, release);
        }
    }

    /** The answer to a resolved call that failed: the one mapping of a handler's exception to its error. */
    private String failure(RpcId id, V2Method method, Throwable e) {
        if (e instanceof V2Error v) {
            LOG.debug("{}: {}", method.name(), v.getMessage());
            return responses.error(id, RpcErrorCode.forDomainKind(v.kind()), v.kind(), v.code(), true,
                    V2Responses.newCorrelationId());
        }
        if (e instanceof InvalidParamsException) {
            LOG.debug("{}: invalid params: {}", method.name(), e.getMessage());
            return responses.error(id, RpcErrorCode.INVALID_PARAMS, null, null, true, V2Responses.newCorrelationId());
        }
        if (e instanceof dev.mfp.protocol.ActionError a) {
            e = V2Errors.ofWireModel(a); // a protocol model's own validation (an instance type name, say)
        }
        if (e instanceof dev.mfp.daemon.error.DaemonError a) {
            V2Error mapped = V2Errors.generic(a);
            if (mapped.kind() != DaemonErrorKind.INTERNAL) {
                return responses.error(id, RpcErrorCode.forDomainKind(mapped.kind()), mapped.kind(), mapped.code(),
                        true, V2Responses.newCorrelationId());
            }
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return internal(id, method, e);
    }

    private String internal(RpcId id, V2Method method, Throwable e) {
        String correlation = V2Responses.newCorrelationId();
        LOG.warn("{} failed (correlation_id {})", method.name(), correlation, e);
        return responses.error(id, RpcErrorCode.INTERNAL_ERROR, DaemonErrorKind.INTERNAL, null, true,
                correlation);
    }

    private static void send(V2Session session, String text, Runnable onSent) {
        session.channel().sendResponse(text, onSent == null ? NOTHING : onSent);
    }
}
