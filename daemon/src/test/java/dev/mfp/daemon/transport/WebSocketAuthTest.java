package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.CloseInfo;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpConnectException;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** transport.md §4–5: the token is checked at the upgrade; expiry closes the socket with 4001. */
@DaemonTest
class WebSocketAuthTest {
    private static TestDaemon daemon;
    private static String secret;

    @BeforeAll
    static void start() throws Exception {
        secret = daemon.daemon().config().secret();
    }

    @Test
    void mainTokenGrantsStar() {
        MfpClient c = daemon.client();
        JsonNode perms = c.call("get_permissions", null).get("permissions");
        assertThat(perms.size()).isEqualTo(1);
        assertThat(perms.get(0).asText()).isEqualTo("*");
    }

    @Test
    void subtokenGrantsItsListInOrder() {
        MfpClient c = daemon.connect(daemon.subtoken("mcsl.daemon.file.**,mcsl.daemon.java_list", 60));
        JsonNode perms = c.call("get_permissions", null).get("permissions");
        assertThat(perms.toString()).isEqualTo("[\"mcsl.daemon.file.**\",\"mcsl.daemon.java_list\"]");
    }

    @Test
    void missingOrWrongTokensAreRefusedWith401() {
        assertRefused401(URI.create("ws://127.0.0.1:" + daemon.port() + "/api/v1"));
        for (String bad : new String[] {"", "nope", daemon.mainToken().toLowerCase() + "x", daemon.mainToken() + " "}) {
            assertThatThrownBy(() -> MfpClient.connect(daemon.baseUri(), bad))
                    .isInstanceOfSatisfying(MfpConnectException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
        }
    }

    @Test
    void aMainTokenDifferingOnlyInCaseIsRefusedAtTheUpgradeAndAtSubtoken() {
        String main = daemon.mainToken();
        StringBuilder flipped = new StringBuilder();
        for (char ch : main.toCharArray()) {
            flipped.append(Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch));
        }
        int letter = 0;
        while (!Character.isLetter(main.charAt(letter))) {
            letter++;
        }
        char[] one = main.toCharArray();
        one[letter] = Character.isUpperCase(one[letter]) ? Character.toLowerCase(one[letter]) : Character.toUpperCase(one[letter]);
        for (String bad : new String[] {flipped.toString(), new String(one), main.toUpperCase(), main.toLowerCase()}) {
            if (bad.equals(main)) {
                continue;
            }
            assertThatThrownBy(() -> MfpClient.connect(daemon.baseUri(), bad))
                    .isInstanceOfSatisfying(MfpConnectException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
            assertThat(daemon.http().postForm("/subtoken", "token=" + bad + "&permissions=*&expires=60").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void tamperedExpiredAndForeignJwtsAreRefused() {
        String good = daemon.subtoken("*", 60);
        String[] p = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace("\"*\"", "\"**\"");
        String tampered = p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + p[2];
        Algorithm alg = Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8));
        String expired = JWT.create().withIssuer("MCServerLauncher.Daemon").withAudience("MCServerLauncher.Daemon")
                .withExpiresAt(Instant.now().minusSeconds(1)).withJWTId(UUID.randomUUID().toString())
                .withClaim("permissions", "*").sign(alg);
        String wrongIssuer = JWT.create().withIssuer("someone").withAudience("MCServerLauncher.Daemon")
                .withExpiresAt(Instant.now().plusSeconds(60)).withClaim("permissions", "*").sign(alg);
        String wrongAudience = JWT.create().withIssuer("MCServerLauncher.Daemon").withAudience("other")
                .withExpiresAt(Instant.now().plusSeconds(60)).withClaim("permissions", "*").sign(alg);
        String noPermissions = JWT.create().withIssuer("MCServerLauncher.Daemon").withAudience("MCServerLauncher.Daemon")
                .withExpiresAt(Instant.now().plusSeconds(60)).sign(alg);
        String invalidPermissions = JWT.create().withIssuer("MCServerLauncher.Daemon").withAudience("MCServerLauncher.Daemon")
                .withExpiresAt(Instant.now().plusSeconds(60)).withClaim("permissions", "a..b").sign(alg);
        String arrayPermissions = JWT.create().withIssuer("MCServerLauncher.Daemon").withAudience("MCServerLauncher.Daemon")
                .withExpiresAt(Instant.now().plusSeconds(60)).withArrayClaim("permissions", new String[] {"*"}).sign(alg);
        String noExpiry = JWT.create().withIssuer("MCServerLauncher.Daemon").withAudience("MCServerLauncher.Daemon")
                .withClaim("permissions", "*").sign(alg);
        String otherSecret = JWT.create().withIssuer("MCServerLauncher.Daemon").withAudience("MCServerLauncher.Daemon")
                .withExpiresAt(Instant.now().plusSeconds(60)).withClaim("permissions", "*")
                .sign(Algorithm.HMAC256("another-secret-another-secret-xx"));
        String unsigned = p[0].replace(p[0], Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))) + "." + p[1] + ".";
        for (String token : new String[] {tampered, expired, wrongIssuer, wrongAudience, noPermissions, invalidPermissions,
                arrayPermissions, noExpiry, otherSecret, unsigned, good.substring(0, good.length() - 2)}) {
            assertThatThrownBy(() -> MfpClient.connect(daemon.baseUri(), token))
                    .isInstanceOfSatisfying(MfpConnectException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
        }
        assertThat(daemon.connect(good).call("ping", null).get("time").asLong()).isPositive();
    }

    @Test
    void expiringSubtokenClosesItsSocketWith4001() throws Exception {
        // exp is whole seconds: a 2 s token lives 1-2 s, time enough to connect on a loaded machine
        MfpClient shortLived = daemon.connect(daemon.subtoken("*", 2));
        MfpClient main = daemon.client();
        CloseInfo close = shortLived.closeFuture().get(10, TimeUnit.SECONDS);
        assertThat(close.code()).isEqualTo(4001);
        assertThat(close.reason()).isEqualTo("token expired");
        assertThat(main.isOpen()).isTrue();
        assertThat(main.call("ping", null).has("time")).isTrue();
    }

    @Test
    void trailingSlashIsAcceptedAndOtherPathsAreNotUpgraded() throws Exception {
        assertThat(upgradeStatus("/api/v1/?token=" + daemon.mainToken())).isEqualTo(101);
        // v2 is served at exactly /api/v2 (spec-v2 transport.md §3); other paths are not upgraded
        assertThat(upgradeStatus("/api/v2?token=" + daemon.mainToken())).isEqualTo(101);
        assertThat(upgradeStatus("/api/v2/?token=" + daemon.mainToken())).isEqualTo(404);
        assertThat(upgradeStatus("/api/v3?token=" + daemon.mainToken())).isEqualTo(404);
        assertThat(upgradeStatus("/api/v1?token=wrong")).isEqualTo(401);
    }

    private static void assertRefused401(URI uri) {
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new java.net.http.WebSocket.Listener() { }).join())
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));
    }

    /** The status line of a raw upgrade request (the JDK client hides 101 vs 404 details). */
    private static int upgradeStatus(String pathAndQuery) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", daemon.port())) {
            s.setSoTimeout(5000);
            String req = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
