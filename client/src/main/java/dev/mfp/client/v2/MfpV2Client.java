package dev.mfp.client.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.CloseInfo;
import dev.mfp.client.WebSockets;
import dev.mfp.protocol.json.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket connection to an MFP v2 daemon ({@code /api/v2}): JSON-RPC calls correlated by id, the notifications
 * it receives (events and upload acknowledgements) and the binary frames, in arrival order.
 *
 * <pre>{@code
 * try (MfpV2Client c = MfpV2Client.connect(URI.create("http://127.0.0.1:11452"), token)) {
 *     long time = c.call("mcsl.daemon.ping").get("time").asLong();
 * }
 * }</pre>
 */
public final class MfpV2Client implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private final ObjectMapper mapper = Json.mapper();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> unmatched = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> binary = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final Object sendLock = new Object();
    private CompletableFuture<WebSocket> sendChain;
    private volatile WebSocket ws;
    private volatile Duration timeout = DEFAULT_TIMEOUT;

    private MfpV2Client() {
    }

    /** Connects to {@code base} ({@code http://host:port}) with the main token or a v2 token. */
    public static MfpV2Client connect(URI base, String token) {
        MfpV2Client c = new MfpV2Client();
        c.ws = WebSockets.open(base, "/api/v2", token, c.new Listener());
        c.sendChain = CompletableFuture.completedFuture(c.ws);
        return c;
    }

    public MfpV2Client timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    /** Calls a method without params. */
    public JsonNode call(String method) {
        return call(method, null);
    }

    /** Calls {@code method}; {@code params} (a map, record or JSON object) may be null. Throws on an error answer. */
    public JsonNode call(String method, Object params) {
        JsonNode answer = await(callAsync(method, params));
        if (answer.has("error")) {
            throw new MfpV2Exception(answer.get("error"));
        }
        return answer.get("result");
    }

    /** Sends a request and returns its whole answer ({@code result} or {@code error}) when it arrives. */
    public CompletableFuture<JsonNode> callAsync(String method, Object params) {
        long id = ids.incrementAndGet();
        ObjectNode req = mapper.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            req.set("params", mapper.valueToTree(params));
        }
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        sendText(req.toString()).whenComplete((w, err) -> {
            if (err != null) {
                pending.remove(id);
                f.completeExceptionally(err);
            }
        });
        return f;
    }

    public JsonNode await(CompletableFuture<JsonNode> f) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a raw text frame (for tests of malformed requests). */
    public CompletableFuture<WebSocket> sendText(String text) {
        synchronized (sendLock) {
            sendChain = sendChain.thenCompose(w -> w.sendText(text, true));
            return sendChain;
        }
    }

    /** Sends one binary message. */
    public CompletableFuture<WebSocket> sendBinary(byte[] message) {
        synchronized (sendLock) {
            sendChain = sendChain.thenCompose(w -> w.sendBinary(ByteBuffer.wrap(message), true));
            return sendChain;
        }
    }

    /** The next notification (event or upload ack), or null after {@code wait}. */
    public JsonNode nextNotification(Duration wait) throws InterruptedException {
        return notifications.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next notification whose method is {@code method}; others are dropped. Null after {@code wait}. */
    public JsonNode nextNotification(String method, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode n = left <= 0 ? null : notifications.poll(left, TimeUnit.NANOSECONDS);
            if (n == null || method.equals(n.path("method").asText())) {
                return n;
            }
        }
    }

    /** The next answer that matched no call of this client (an answer with {@code id: null}, …). */
    public JsonNode nextUnmatched(Duration wait) throws InterruptedException {
        return unmatched.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next binary message received. */
    public ByteBuffer nextBinary(Duration wait) throws InterruptedException {
        return binary.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public CompletableFuture<CloseInfo> closed() {
        return closed;
    }

    @Override
    public void close() {
        WebSocket w = ws;
        if (w != null && !w.isOutputClosed()) {
            w.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (w != null) {
                w.abort();
            }
        }
    }

    private void dispatch(String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return;
        }
        JsonNode id = node.get("id");
        if (id == null) {
            notifications.add(node);
            return;
        }
        CompletableFuture<JsonNode> f = id.isIntegralNumber() ? pending.remove(id.asLong()) : null;
        if (f != null) {
            f.complete(node);
        } else {
            unmatched.add(node);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String t = text.toString();
                text.setLength(0);
                dispatch(t);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            bytes.writeBytes(chunk);
            if (last) {
                binary.add(ByteBuffer.wrap(bytes.toByteArray()));
                bytes.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new CloseInfo(statusCode, reason));
            fail(new IllegalStateException("connection closed: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new CloseInfo(1006, String.valueOf(error)));
            fail(error);
        }

        private void fail(Throwable t) {
            pending.values().forEach(f -> f.completeExceptionally(t));
            pending.clear();
        }
    }
}
