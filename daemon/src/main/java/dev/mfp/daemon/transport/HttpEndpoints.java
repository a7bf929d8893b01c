package dev.mfp.daemon.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.auth.Grant;
import dev.mfp.daemon.auth.TokenService;
import dev.mfp.protocol.Permissions;
import dev.mfp.protocol.ProtocolInfo;
import dev.mfp.protocol.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /}, {@code GET /info} and {@code POST /subtoken} (transport.md §3), and {@code GET /metrics} (spec-v2
 * extensions.md §3) unless it is off. Anything else: 404.
 */
final class HttpEndpoints extends Handler.Abstract.NonBlocking {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    static final String PROGRAM_NAME = "MCServerLauncher Future Daemon Java";
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private final TokenService tokens;
    private final byte[] rootBody;
    private final byte[] infoBody;
    private final MetricsPage metrics;

    HttpEndpoints(TokenService tokens, String version) {
        this(tokens, version, MetricsPage.off());
    }

    HttpEndpoints(TokenService tokens, String version, MetricsPage metrics) {
        this.tokens = tokens;
        this.metrics = metrics;
        // v2 transport.md §2.4, decisions.md #19: v1 stays the api_version, api_versions lists both paths
        ObjectNode root = Json.mapper().createObjectNode().put("message", PROGRAM_NAME).put("version", version)
                .put("status", "ok").put("api_version", ProtocolInfo.API_VERSION);
        root.putArray("api_versions").add("v1").add("v2");
        ObjectNode info = Json.mapper().createObjectNode().put("name", PROGRAM_NAME).put("version", version)
                .put("api_version", ProtocolInfo.API_VERSION);
        info.putArray("api_versions").add("v1").add("v2");
        this.rootBody = root.toString().getBytes(StandardCharsets.UTF_8);
        this.infoBody = info.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request).toLowerCase(Locale.ROOT);
        String method = request.getMethod();
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        if (HttpMethod.OPTIONS.is(method)) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
            if (path.equals("/")) {
                json(response, callback, rootBody);
            } else if (path.equals("/info")) {
                json(response, callback, infoBody);
            } else if (path.equals("/metrics") && metrics.access() != MetricsPage.Access.OFF) {
                metrics(request, response, callback);
            } else {
                empty(response, callback, 404);
            }
            return true;
        }
        if (HttpMethod.POST.is(method) && (path.equals("/subtoken") || path.equals("/subtoken/"))) {
            ReasonPhrase reason = new ReasonPhrase();
            request.addHttpStreamWrapper(reason);
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            Content.Source.asByteArrayAsync(request, MAX_FORM_BYTES).whenComplete((body, error) -> {
                if (error != null) {
                    empty(response, callback, 400);
                    return;
                }
                try {
                    subtoken(SubtokenRequest.parse(contentType, body), response, callback, reason);
                } catch (RuntimeException | StackOverflowError e) {
                    LOG.warn("POST /subtoken failed", e);
                    reason.set(e.toString());
                    empty(response, callback, 500);
                }
            });
            return true;
        }
        empty(response, callback, 404);
        return true;
    }

    /**
     * {@code GET /metrics}: the main token or a v2 token granting {@link MetricsPage#PERMISSION} as
     * {@code Authorization: Bearer}, else 401 (unless public). The text is written on a pool thread: reading the JVM's
     * beans is not for a non-blocking handler, and nothing in it waits for a game server.
     */
    private void metrics(Request request, Response response, Callback callback) {
        if (metrics.access() == MetricsPage.Access.TOKEN && !mayScrape(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            empty(response, callback, 401);
            return;
        }
        Runnable render = () -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(64 * 1024);
            try {
                metrics.renderer().write(out);
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("GET /metrics failed", e);
                empty(response, callback, 500);
                return;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
        };
        try {
            request.getComponents().getThreadPool().execute(render);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            empty(response, callback, 503);
        }
    }

    /** {@code Bearer <token>} naming the main token or a live v2 token that grants the permission. */
    private boolean mayScrape(String authorization) {
        if (authorization == null) {
            return false;
        }
        String a = authorization.strip();
        if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String token = a.substring(7).strip();
        if (token.isEmpty()) {
            return false;
        }
        Grant grant;
        try {
            grant = tokens.verifyV2(token);
        } catch (RuntimeException e) {
            return false;
        }
        return grant != null && (grant.main() || grant.v2().allows(MetricsPage.PERMISSION));
    }

    /**
     * Answers in the check order of transport.md §3.3 (expires format → permissions validity → main token), but
     * the token is compared first, and nothing beyond a bounded linear scan of the form is done for a caller who
     * does not hold it (hardening: pre-auth input is cheap to refuse).
     */
    private void subtoken(Map<String, String> form, Response response, Callback callback, ReasonPhrase reason) {
        boolean authorized = tokens.isMainToken(form.get("token"));
        long expires = 30;
        String expiresText = form.get("expires");
        if (expiresText != null) {
            try {
                expires = Long.parseLong(expiresText.trim());
            } catch (NumberFormatException e) {
                expires = -1;
            }
            if (expires <= 0 || expires > Integer.MAX_VALUE) {
                reason.set("Invalid expires");
                empty(response, callback, 400);
                return;
            }
        }
        String permissions = form.get("permissions");
        if (!Permissions.isValidList(permissions)) {
            reason.set("Invalid permissions");
            empty(response, callback, 400);
            return;
        }
        if (!authorized) {
            reason.set("Unauthorized");
            empty(response, callback, 401);
            return;
        }
        byte[] jwt = tokens.mint(permissions, expires).getBytes(StandardCharsets.US_ASCII);
        reason.set("Success");
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(jwt), callback);
    }

    /**
     * Puts the reason phrases of transport.md §3.3 ({@code 200 Success}, {@code 400 Invalid expires}, …) on the
     * status line: Jetty's core API has no setter for it, so the response metadata is rewritten where it is handed
     * to the connection. HTTP/2 has no reason phrase; there it is simply absent.
     */
    static final class ReasonPhrase implements java.util.function.Function<HttpStream, HttpStream> {
        private volatile String reason;

        void set(String text) {
            // a status line is ISO-8859-1 text without control characters
            StringBuilder b = new StringBuilder(Math.min(text.length(), 200));
            for (int i = 0; i < text.length() && b.length() < 200; i++) {
                char c = text.charAt(i);
                b.append(c < 0x20 || c == 0x7F || c > 0xFF ? ' ' : c);
            }
            this.reason = b.toString().strip();
        }

        @Override
        public HttpStream apply(HttpStream stream) {
            return new HttpStream.Wrapper(stream) {
                @Override
                public void send(MetaData.Request request, MetaData.Response response, boolean last, ByteBuffer content,
                        Callback callback) {
                    String r = reason;
                    if (response != null && r != null && !r.isEmpty()) {
                        response = new MetaData.Response(response.getStatus(), r, response.getHttpVersion(),
                                response.getHttpFields(), response.getContentLength(), response.getTrailersSupplier());
                    }
                    super.send(request, response, last, content, callback);
                }
            };
        }
    }

    private static void json(Response response, Callback callback, byte[] body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, null, callback);
    }
}
