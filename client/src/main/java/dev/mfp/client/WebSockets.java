package dev.mfp.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens the daemon's WebSocket at {@code path} with a token: the one connect step of the v1 and v2 clients. */
public final class WebSockets {
    private WebSockets() {
    }

    /**
     * @param base {@code http://host:port} (or {@code https}, which becomes {@code wss})
     * @throws MfpConnectException when the upgrade is refused or does not happen within 15 s
     */
    public static WebSocket open(URI base, String path, String token, WebSocket.Listener listener) {
        String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + base.getRawAuthority() + path + "?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        try {
            return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, listener).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new MfpConnectException(e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new MfpConnectException(e);
        }
    }
}
