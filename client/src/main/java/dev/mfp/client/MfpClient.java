package dev.mfp.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mfp.protocol.codec.PackedJson;
import dev.mfp.protocol.json.Json;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A WebSocket connection to an MFP v1 daemon: typed calls correlated by id, event listeners, raw frames.
 *
 * <pre>{@code
 * try (MfpClient c = MfpClient.connect(URI.create("http://127.0.0.1:11452"), token)) {
 *     long time = c.call("ping", null).get("time").asLong();
 * }
 * }</pre>
 */
public final class MfpClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final UUID ZERO = new UUID(0L, 0L);

    private final ObjectMapper mapper = Json.mapper();
    private final Map<UUID, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<MfpEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<JsonNode>> uploadAckListeners = new CopyOnWriteArrayList<>();
    private final BlockingQueue<JsonNode> unmatched = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final Object sendLock = new Object();
    private CompletableFuture<WebSocket> sendChain;
    private volatile WebSocket ws;
    private volatile Duration timeout = DEFAULT_TIMEOUT;

    private MfpClient() {
    }

    /** Connects to {@code base} ({@code http://host:port}) with a main token or subtoken. */
    public static MfpClient connect(URI base, String token) {
        MfpClient c = new MfpClient();
        c.ws = WebSockets.open(base, "/api/v1", token, c.new Listener());
        c.sendChain = CompletableFuture.completedFuture(c.ws);
        return c;
    }

    public MfpClient timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    /** Calls an action and returns {@code data}; throws {@link MfpException} with the retcode on failure. */
    public JsonNode call(String action, Object params) {
        JsonNode response = await(request(action, params));
        int code = response.path("retcode").asInt(-1);
        if (code != 0) {
            throw new MfpException(code, response.path("message").asText());
        }
        return response.get("data");
    }

    public <T> T call(String action, Object params, Class<T> resultType) {
        try {
            return mapper.treeToValue(call(action, params), resultType);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unexpected result of " + action, e);
        }
    }

    /** Sends a request and completes with the whole response envelope (status, retcode, data, message, id). */
    public CompletableFuture<JsonNode> request(String action, Object params) {
        UUID id = UUID.randomUUID();
        // Written straight to the text (no intermediate JsonNode tree of the params). The protocol mapper escapes
        // every non-ASCII code unit, so lone surrogates of UTF-16BE packed payloads survive (JsonNode.toString
        // would emit them raw and the UTF-8 text frame would fail).
        java.io.StringWriter w = new java.io.StringWriter(128);
        try (JsonGenerator g = mapper.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("action", action);
            g.writeFieldName("params");
            if (params == null) {
                g.writeStartObject();
                g.writeEndObject();
            } else {
                mapper.writeValue(g, params);
            }
            g.writeStringField("id", id.toString());
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("params cannot be serialized", e);
        }
        return requestRaw(w.toString(), id);
    }

    /**
     * {@code file_upload_chunk} for {@code data[off, off+len)} encoded as {@code "base64"} or {@code "utf16be"}
     * (the session's encoding, files-and-instances.md §3.3), written directly as ASCII JSON: the fast path for
     * uploads (no intermediate string of the payload, no JSON tree, no generic escaping).
     */
    public CompletableFuture<JsonNode> uploadChunk(UUID fileId, long offset, byte[] data, int off, int len,
            String encoding) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        boolean base64 = "base64".equalsIgnoreCase(encoding);
        if (!base64 && !"utf16be".equalsIgnoreCase(encoding)) {
            throw new IllegalArgumentException("encoding must be base64 or utf16be: " + encoding);
        }
        UUID id = UUID.randomUUID();
        byte[] head = ("{\"action\":\"file_upload_chunk\",\"params\":{\"file_id\":\"" + fileId + "\",\"offset\":"
                + offset + ",\"data\":").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("},\"id\":\"" + id + "\"}").getBytes(StandardCharsets.US_ASCII);
        int body = base64 ? 4 * ((len + 2) / 3) + 2 : PackedJson.maxQuotedLength(len);
        byte[] out = new byte[head.length + body + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        int p = head.length;
        if (base64) {
            out[p++] = '"';
            ByteBuffer enc = java.util.Base64.getEncoder().encode(ByteBuffer.wrap(data, off, len));
            int n = enc.remaining();
            enc.get(out, p, n);
            p += n;
            out[p++] = '"';
        } else {
            p = PackedJson.writeQuoted(data, off, len, out, p);
        }
        System.arraycopy(tail, 0, out, p, tail.length);
        p += tail.length;
        return requestRaw(new String(out, 0, p, StandardCharsets.ISO_8859_1), id);
    }

    /** Sends any text and completes with the response carrying {@code expectedId}. */
    public CompletableFuture<JsonNode> requestRaw(String text, UUID expectedId) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(expectedId, f);
        sendText(text).whenComplete((ws, err) -> {
            if (err != null) {
                pending.remove(expectedId);
                f.completeExceptionally(err);
            }
        });
        return f;
    }

    /** Sends any text frame (e.g. garbage, for tests). */
    public CompletableFuture<WebSocket> sendText(String text) {
        synchronized (sendLock) {
            sendChain = sendChain.thenCompose(w -> w.sendText(text, true));
            return sendChain;
        }
    }

    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data) {
        // The JDK client masks the payload through the buffer's byte order: a little-endian buffer would go out
        // scrambled. A big-endian view of the same bytes avoids that whatever order the caller set.
        ByteBuffer bigEndian = data.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
        synchronized (sendLock) {
            sendChain = sendChain.thenCompose(w -> w.sendBinary(bigEndian, true));
            return sendChain;
        }
    }

    /** A WebSocket-level ping; the pong payload arrives in {@link #awaitPong(Duration)}. */
    public CompletableFuture<WebSocket> sendPing(ByteBuffer payload) {
        synchronized (sendLock) {
            sendChain = sendChain.thenCompose(w -> w.sendPing(payload));
            return sendChain;
        }
    }

    public ByteBuffer awaitPong(Duration d) throws InterruptedException {
        return pongs.poll(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Responses whose id matched no pending request (e.g. the zero id of a 10001), oldest first. */
    public JsonNode nextUnmatched(Duration d) throws InterruptedException {
        return unmatched.poll(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void onEvent(Consumer<MfpEvent> listener) {
        eventListeners.add(listener);
    }

    /** Acknowledgements of binary upload frames: {@code {file_id, done, received}} or {@code {file_id, error}}. */
    public void onUploadAck(Consumer<JsonNode> listener) {
        uploadAckListeners.add(listener);
    }

    public CompletableFuture<CloseInfo> closeFuture() {
        return closed;
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    @Override
    public void close() {
        WebSocket w = ws;
        if (w != null && !w.isOutputClosed()) {
            try {
                synchronized (sendLock) {
                    sendChain = sendChain.thenCompose(x -> x.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
                }
                sendChain.get(5, TimeUnit.SECONDS);
                closed.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                w.abort();
            }
        }
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        ws.abort();
    }

    private JsonNode await(CompletableFuture<JsonNode> f) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("request failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no response within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One received text message, parsed in place from its characters. */
    private void dispatch(char[] text, int length) {
        JsonNode node;
        try (JsonParser p = mapper.createParser(text, 0, length)) {
            node = mapper.readTree(p);
        } catch (java.io.IOException e) {
            return;
        }
        if (node == null) {
            return;
        }
        if (node.has("event")) {
            MfpEvent ev = new MfpEvent(node.path("event").asText(), node.get("meta"), node.get("data"),
                    node.path("time").asLong());
            for (Consumer<MfpEvent> l : eventListeners) {
                l.accept(ev);
            }
            return;
        }
        if (node.has("retcode")) {
            UUID id;
            try {
                id = UUID.fromString(node.path("id").asText());
            } catch (IllegalArgumentException e) {
                id = ZERO;
            }
            CompletableFuture<JsonNode> f = pending.remove(id);
            if (f != null) {
                f.complete(node);
            } else {
                unmatched.add(node);
            }
            return;
        }
        if (node.has("file_id")) {
            for (Consumer<JsonNode> l : uploadAckListeners) {
                l.accept(node);
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        /** The message being received; kept between messages (a download range response is about 3 M chars). */
        private char[] text = new char[1024];
        private int length;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            int n = data.length();
            if (length + n > text.length) {
                text = java.util.Arrays.copyOf(text, Math.max(length + n, 2 * text.length));
            }
            if (data instanceof java.nio.CharBuffer cb) {
                cb.duplicate().get(text, length, n);
            } else {
                data.toString().getChars(0, n, text, length);
            }
            length += n;
            if (last) {
                int len = length;
                length = 0;
                dispatch(text, len);
                if (text.length > 8 * 1024 * 1024) {
                    text = new char[1024]; // larger than any download range response: do not keep it
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            ByteBuffer copy = ByteBuffer.allocate(message.remaining());
            copy.put(message).flip();
            pongs.add(copy);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new CloseInfo(statusCode, reason));
            failPending(new IllegalStateException("connection closed: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new CloseInfo(1006, String.valueOf(error)));
            failPending(error);
        }
    }

    private void failPending(Throwable t) {
        for (UUID id : pending.keySet()) {
            CompletableFuture<JsonNode> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(t);
            }
        }
    }
}
