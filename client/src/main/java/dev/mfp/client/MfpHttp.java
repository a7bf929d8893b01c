package dev.mfp.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The daemon's HTTP side: {@code GET /}, {@code GET /info}, {@code POST /subtoken}. */
public final class MfpHttp {
    private final URI base;
    private final HttpClient http;

    /** @param base e.g. {@code http://127.0.0.1:11452} */
    public MfpHttp(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI base() {
        return base;
    }

    public JsonNode health() {
        return getJson("/");
    }

    public JsonNode info() {
        return getJson("/info");
    }

    /** Mints a subtoken with the main token; throws {@link MfpHttpException} with the status on refusal. */
    public String mintSubtoken(String mainToken, String permissions, Long expiresSeconds) {
        StringBuilder form = new StringBuilder();
        append(form, "token", mainToken);
        append(form, "permissions", permissions);
        if (expiresSeconds != null) {
            append(form, "expires", Long.toString(expiresSeconds));
        }
        HttpResponse<String> r = postForm("/subtoken", form.toString());
        if (r.statusCode() != 200) {
            throw new MfpHttpException(r.statusCode(), "POST /subtoken");
        }
        return r.body();
    }

    /** A raw form POST, for callers that want to see the status themselves. */
    public HttpResponse<String> postForm(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    private JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new MfpHttpException(r.statusCode(), "GET " + path);
        }
        try {
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " answered invalid JSON", e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void append(StringBuilder form, String key, String value) {
        if (value == null) {
            return;
        }
        if (form.length() > 0) {
            form.append('&');
        }
        form.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
