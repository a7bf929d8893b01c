package dev.mfp.daemon.api.v1;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.metrics.RequestMetrics;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.RetCode;
import dev.mfp.protocol.json.AsciiJson;
import dev.mfp.protocol.json.CanonicalUuid;
import dev.mfp.protocol.json.EnvelopeScan;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.json.JsonWritable;
import dev.mfp.protocol.json.LenientUuidDeserializer;
import dev.mfp.protocol.wire.ActionResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one text frame into exactly one response. Check order (errors.md §4): envelope (10001) → known
 * action (10002) → implemented (10004) → permission (10003) → in-flight bound (10005) → params
 * (11001/11002) → handler. This is the one place where errors become wire responses.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ActionRegistry registry;
    private final Executor executor;
    private final boolean verbose;
    private final RequestMetrics metrics;
    private final ObjectMapper mapper = Json.mapper();

    private static final EnvelopeScan.Names ENVELOPE = new EnvelopeScan.Names("action", "id", "params");
    private static final int SLOT_ACTION = 0;
    private static final int SLOT_ID = 1;
    private static final int SLOT_PARAMS = 2;
    private static final byte[] OK_HEAD = ascii("{\"status\":\"ok\",\"retcode\":0,\"data\":");
    private static final byte[] OK_ID = ascii(",\"message\":\"OK\",\"id\":");
    private static final byte[] OK_TAIL = ascii("\"}");
    private static final Runnable NOTHING = () -> { };

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public Dispatcher(ActionRegistry registry, Executor executor, boolean verbose) {
        this(registry, executor, verbose, RequestMetrics.NONE);
    }

    /** {@code metrics} counts every answered frame under its action (or {@code unknown}) and times it. */
    public Dispatcher(ActionRegistry registry, Executor executor, boolean verbose, RequestMetrics metrics) {
        this.registry = registry;
        this.executor = executor;
        this.verbose = verbose;
        this.metrics = metrics;
    }

    public void onText(ActionChannel channel, String text) {
        onText(channel, text, System.nanoTime());
    }

    private void onText(ActionChannel channel, String text, long start) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JacksonException e) {
            reply(channel, ActionResponse.error(RetCode.BAD_REQUEST, "frame is not valid JSON", null), null, null,
                    start);
            return;
        }
        dispatch(channel, root, start);
    }

    /**
     * The same for a text message given as its UTF-8 bytes (already validated as UTF-8 by the transport), parsed
     * in place by Jackson's byte parser: no intermediate {@code String} of the whole message. The array is only
     * read during the call.
     */
    public void onText(ActionChannel channel, byte[] utf8, int offset, int length) {
        long start = System.nanoTime();
        EnvelopeScan scan = EnvelopeScan.scan(utf8, offset, length, ENVELOPE, false);
        if (scan != null && answeredFast(channel, scan, utf8, start)) {
            return;
        }
        if (mightBeSniffed(utf8, offset, length)) {
            // Jackson's byte parser sniffs BOMs and zero bytes for UTF-16/32; the text path never did
            onText(channel, new String(utf8, offset, length, java.nio.charset.StandardCharsets.UTF_8), start);
            return;
        }
        JsonNode root;
        try {
            root = mapper.readTree(utf8, offset, length);
        } catch (java.io.IOException e) { // JacksonException included
            reply(channel, ActionResponse.error(RetCode.BAD_REQUEST, "frame is not valid JSON", null), null, null,
                    start);
            return;
        }
        dispatch(channel, root, start);
    }

    /**
     * The common case without a tree: a frame the scan accepted whose {@code action} and {@code id} are plain
     * strings, naming a registered action the connection may call. Everything else — every refusal included — is
     * left to the tree path, which answers exactly as it always did; so is a request the scan cannot prove the
     * same. {@code params} is parsed from its own bytes only when the handler takes any (or the action is logged).
     */
    private boolean answeredFast(ActionChannel channel, EnvelopeScan scan, byte[] utf8, long start) {
        if (scan.kind(SLOT_ACTION) != EnvelopeScan.PLAIN_STRING || scan.kind(SLOT_ID) != EnvelopeScan.PLAIN_STRING) {
            return false;
        }
        Action action = Action.fromWire(utf8, scan.start(SLOT_ACTION), scan.end(SLOT_ACTION));
        ActionHandler<?, ?> handler = action == null ? null : registry.get(action);
        if (handler == null || !channel.permissions().allows(action.permission())) {
            return false;
        }
        int idStart = scan.start(SLOT_ID);
        int idEnd = scan.end(SLOT_ID);
        if (!handler.inline() || !CanonicalUuid.is(utf8, idStart, idEnd)) {
            return false; // queued actions keep the tree path: its cost is small beside their work
        }
        JsonNode params = null;
        if ((handler.paramsType() != NoParams.class || ActionLog.isLogged(action)) && scan.present(SLOT_PARAMS)) {
            try {
                params = mapper.readTree(utf8, scan.start(SLOT_PARAMS), scan.end(SLOT_PARAMS) - scan.start(SLOT_PARAMS));
            } catch (java.io.IOException e) {
                return false;
            }
        }
        Object result;
        try {
            result = handle(handler, params, channel);
        } catch (Throwable t) {
            reply(channel, failure(handler, t, CanonicalUuid.parse(utf8, idStart)), null, action.wire(), start);
            return true;
        }
        metrics.observe(action.wire(), true, start);
        if (result instanceof JsonWritable data) {
            AsciiJson out = AsciiJson.open().raw(OK_HEAD);
            data.writeJson(out);
            channel.sendResponse(out.raw(OK_ID).ch('"').raw(utf8, idStart, idEnd).raw(OK_TAIL).finish(), NOTHING);
        } else {
            reply(channel, ActionResponse.ok(result, CanonicalUuid.parse(utf8, idStart)), null);
        }
        return true;
    }

    /** A leading byte-order mark or a zero byte among the first four bytes. */
    private static boolean mightBeSniffed(byte[] b, int off, int len) {
        for (int i = 0; i < Math.min(4, len); i++) {
            if (b[off + i] == 0) {
                return true;
            }
        }
        return len >= 2 && ((b[off] & 0xFF) == 0xEF || (b[off] & 0xFF) == 0xFE || (b[off] & 0xFF) == 0xFF);
    }

    private void dispatch(ActionChannel channel, JsonNode root, long start) {
        if (root == null || !root.isObject()) {
            reply(channel, ActionResponse.error(RetCode.BAD_REQUEST, "frame is not a JSON object", null), null,
                    null, start);
            return;
        }
        JsonNode idNode = root.get("id");
        if (idNode == null || !idNode.isTextual()) {
            reply(channel, ActionResponse.error(RetCode.BAD_REQUEST, "'id' is missing or not a string", null), null,
                    null, start);
            return;
        }
        UUID id = LenientUuidDeserializer.parseLenient(idNode.textValue());
        JsonNode actionNode = root.get("action");
        if (actionNode == null || !actionNode.isTextual()) {
            reply(channel, ActionResponse.error(RetCode.BAD_REQUEST, "'action' is missing or not a string", id), null,
                    null, start);
            return;
        }
        Action action = Action.fromWire(actionNode.textValue());
        if (action == null) {
            reply(channel, ActionResponse.error(RetCode.UNKNOWN_ACTION, actionNode.textValue(), id), null, null, start);
            return;
        }
        ActionHandler<?, ?> handler = registry.get(action);
        if (handler == null) {
            reply(channel, ActionResponse.error(RetCode.ACTION_UNAVAILABLE, action.wire() + " is not implemented", id),
                    null, action.wire(), start);
            return;
        }
        if (!channel.permissions().allows(action.permission())) {
            reply(channel, ActionResponse.error(RetCode.PERMISSION_DENIED, action.permission(), id),
                    null, action.wire(), start);
            return;
        }
        JsonNode params = root.get("params");
        if (handler.inline()) {
            reply(channel, invoke(handler, params, channel, id), null, action.wire(), start);
            return;
        }
        if (!channel.tryAcquireSlot()) {
            reply(channel, ActionResponse.error(RetCode.RATE_LIMIT_EXCEEDED, "too many requests in flight", id),
                    null, action.wire(), start);
            return;
        }
        try {
            executor.execute(() -> {
                if (!channel.isOpen()) {
                    channel.releaseSlot(); // closed while queued (e.g. 1008): nobody would read the answer
                    return;
                }
                reply(channel, invoke(handler, params, channel, id), channel::releaseSlot, action.wire(), start);
            });
        } catch (RejectedExecutionException e) {
            channel.releaseSlot();
            reply(channel, ActionResponse.error(RetCode.ACTION_UNAVAILABLE, "daemon is shutting down", id),
                    null, action.wire(), start);
        }
    }

    private ActionResponse invoke(ActionHandler<?, ?> handler, JsonNode params, RequestContext ctx, UUID id) {
        try {
            return ActionResponse.ok(handle(handler, params, ctx), id);
        } catch (Throwable t) {
            return failure(handler, t, id);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object handle(ActionHandler handler, JsonNode params, RequestContext ctx) throws Exception {
        Object bound = bind(handler.paramsType(), params);
        Object result = handler.handle(bound, ctx);
        if (ActionLog.isLogged(handler.action())) {
            ActionLog.succeeded(handler.action(), params, ctx.jti());
        }
        return result;
    }

    private ActionResponse failure(ActionHandler<?, ?> handler, Throwable t, UUID id) {
        if (t instanceof ActionError e) {
            return ActionResponse.error(e, id);
        }
        if (t instanceof DaemonError e) {
            return ActionResponse.error(V1Errors.of(e), id);
        }
        ActionError nested = findActionError(t);
        if (nested != null) {
            return ActionResponse.error(nested, id);
        }
        LOG.warn("{} failed unexpectedly", handler.action().wire(), t);
        return ActionResponse.error(RetCode.UNEXPECTED_ERROR, verbose ? stackTrace(t) : t.getClass().getSimpleName(),
                id);
    }

    private Object bind(Class<?> type, JsonNode params) {
        if (type == NoParams.class) {
            return NoParams.INSTANCE;
        }
        if (params == null || params.isNull()) {
            throw ActionError.badParam("Missing parameters");
        }
        if (!params.isObject()) {
            throw ActionError.badParam("'params' is not an object");
        }
        try {
            return mapper.treeToValue(params, type);
        } catch (JacksonException e) {
            ActionError nested = findActionError(e);
            if (nested != null) {
                throw nested;
            }
            throw ActionError.badParam(describe(e));
        }
    }

    private static String describe(JacksonException e) {
        if (e instanceof JsonMappingException de && !de.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder("params");
            String last = null;
            for (JsonMappingException.Reference r : de.getPath()) {
                if (r.getFieldName() != null) {
                    path.append('.').append(r.getFieldName());
                    last = r.getFieldName();
                } else {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            return "Could not deserialize param '" + last + "' at '" + path + "'";
        }
        return "Could not deserialize params";
    }

    private static ActionError findActionError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ActionError ae) {
                return ae;
            }
            if (c instanceof DaemonError de) {
                return V1Errors.of(de);
            }
        }
        return null;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().stripTrailing();
    }

    private void reply(ActionChannel channel, ActionResponse response, Runnable onSent, String method, long start) {
        metrics.observe(method, "ok".equals(response.status()), start);
        reply(channel, response, onSent);
    }

    private void reply(ActionChannel channel, ActionResponse response, Runnable onSent) {
        String text;
        try {
            // The protocol mapper escapes every non-ASCII code unit, so the bytes are ASCII and ISO-8859-1 decodes
            // them exactly with a plain array copy (UTF-8 would scan them first, which costs under C1). The byte
            // generator also lets large payloads such as download content be copied in as they are.
            text = new String(mapper.writeValueAsBytes(response), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (JacksonException e) {
            LOG.error("cannot serialize the response to {}", response.id(), e);
            text = "{\"status\":\"error\",\"retcode\":20001,\"data\":null,\"message\":\"Unexpected Error\",\"id\":\""
                    + response.id() + "\"}";
        }
        channel.sendResponse(text, onSent == null ? NOTHING : onSent);
    }
}
