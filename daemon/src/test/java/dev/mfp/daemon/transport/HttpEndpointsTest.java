package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpHttp;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** transport.md §3 through a real daemon. */
@DaemonTest
class HttpEndpointsTest {
    private static TestDaemon daemon;
    private static MfpHttp http;

    @BeforeAll
    static void start() throws Exception {
        http = daemon.http();
    }

    @Test
    void rootAnswersHealth() throws Exception {
        HttpResponse<String> r = http.get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("api_version").asText()).isEqualTo("v1");
        assertThat(body.get("message").isTextual()).isTrue();
        assertThat(body.get("version").isTextual()).isTrue();
    }

    @Test
    void infoAnswersNameVersionApiVersion() throws Exception {
        JsonNode info = http.info();
        assertThat(info.get("name").asText()).isNotEmpty();
        assertThat(info.get("version").asText()).isNotEmpty();
        assertThat(info.get("api_version").asText()).isEqualTo("v1");
        HttpResponse<String> upper = http.get("/INFO");
        assertThat(upper.statusCode()).isEqualTo(200);
        assertThat(upper.headers().firstValue("access-control-allow-origin")).hasValue("*");
    }

    @Test
    void otherPathsAre404WithEmptyBody() {
        for (String path : new String[] {"/nope", "/api/v1", "/info/x", "/subtoken"}) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).isEmpty();
        }
    }

    @Test
    void mintsASubtokenWithTheSpecClaims() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        String jwt = http.mintSubtoken(daemon.mainToken(), "mcsl.daemon.file.**,mcsl.daemon.java_list", 120L);
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertThat(header.get("alg").asText()).isEqualTo("HS256");
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        JsonNode claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("iss").asText()).isEqualTo("MCServerLauncher.Daemon");
        assertThat(claims.get("aud").asText()).isEqualTo("MCServerLauncher.Daemon");
        assertThat(claims.get("permissions").isTextual()).isTrue();
        assertThat(claims.get("permissions").asText()).isEqualTo("mcsl.daemon.file.**,mcsl.daemon.java_list");
        String jti = claims.get("jti").asText();
        assertThat(UUID.fromString(jti).toString()).isEqualTo(jti);
        long exp = claims.get("exp").asLong();
        assertThat(exp).isBetween(before + 120, System.currentTimeMillis() / 1000 + 120);
        assertThat(parts[2]).doesNotContain("=");
    }

    @Test
    void defaultLifetimeIsThirtySeconds() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        String jwt = http.mintSubtoken(daemon.mainToken(), "*", null);
        JsonNode claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        assertThat(claims.get("exp").asLong()).isBetween(before + 30, System.currentTimeMillis() / 1000 + 30);
    }

    @Test
    void subtokenAnswerIsPlainText() {
        HttpResponse<String> r = http.postForm("/subtoken", form("token", daemon.mainToken(), "permissions", "*"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    @Test
    void invalidExpiresIs400() {
        for (String e : new String[] {"abc", "0", "-5", "1.5", "", "99999999999999999999"}) {
            HttpResponse<String> r = http.postForm("/subtoken", form("token", daemon.mainToken(), "permissions", "*", "expires", e));
            assertThat(r.statusCode()).as("expires=" + e).isEqualTo(400);
            assertThat(r.body()).isEmpty();
        }
    }

    @Test
    void invalidOrMissingPermissionsIs400() {
        assertThat(http.postForm("/subtoken", form("token", daemon.mainToken())).statusCode()).isEqualTo(400);
        for (String p : new String[] {"", "a.", "a..b", "a.1", "a, b", "a,"}) {
            HttpResponse<String> r = http.postForm("/subtoken", form("token", daemon.mainToken(), "permissions", p));
            assertThat(r.statusCode()).as("permissions=" + p).isEqualTo(400);
        }
    }

    @Test
    void wrongOrMissingTokenIs401() {
        assertThat(http.postForm("/subtoken", form("permissions", "*")).statusCode()).isEqualTo(401);
        assertThat(http.postForm("/subtoken", form("token", "x" + daemon.mainToken(), "permissions", "*")).statusCode())
                .isEqualTo(401);
        String sub = daemon.subtoken("*", 60);
        assertThat(http.postForm("/subtoken", form("token", sub, "permissions", "*")).statusCode())
                .as("a subtoken cannot mint subtokens").isEqualTo(401);
    }

    @Test
    void checkOrderIsExpiresThenPermissionsThenToken() {
        assertThat(http.postForm("/subtoken", form("token", "bad", "permissions", "a..b", "expires", "x")).statusCode())
                .isEqualTo(400);
        assertThat(http.postForm("/subtoken", form("token", "bad", "permissions", "a..b")).statusCode()).isEqualTo(400);
        assertThat(http.postForm("/subtoken", form("token", "bad", "permissions", "a")).statusCode()).isEqualTo(401);
    }

    @Test
    void multipartFormIsAccepted() throws Exception {
        String boundary = "----mfp" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + daemon.mainToken()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"permissions\"\r\n\r\nmcsl.daemon.java_list\r\n--"
                + boundary + "--\r\n";
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(daemon.baseUri() + "/subtoken"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(r.body().split("\\.")[1]));
        assertThat(claims.get("permissions").asText()).isEqualTo("mcsl.daemon.java_list");
    }

    private static String form(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** Hardening item 4: an unauthenticated subtoken request with huge permission lists is refused at once. */
    @Test
    void unauthenticatedSubtokenRequestsWithHugePermissionListsAreAnsweredPromptly() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
        String node800 = "a".repeat(799) + "b";
        String[] lists = {
            String.join(",", java.util.Collections.nCopies(30_000, "a")),
            String.join(",", java.util.Collections.nCopies(70, node800)),
            String.join(",", java.util.Collections.nCopies(30_000, "mcsl.daemon.file.**")),
            String.join(",", java.util.Collections.nCopies(30_000, node800)),
        };
        for (String list : lists) {
            for (String token : new String[] {"wrong", null}) {
                String form = (token == null ? "" : "token=" + token + "&") + "expires=60&permissions="
                        + URLEncoder.encode(list, StandardCharsets.UTF_8);
                HttpRequest rq = HttpRequest.newBuilder(daemon.baseUri().resolve("/subtoken"))
                        .timeout(java.time.Duration.ofSeconds(8))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
                int status;
                try {
                    status = client.send(rq, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    // a body far beyond the form bound may be cut off by the server mid-send: that is a refusal too
                    status = -1;
                }
                assertThat(status).as("%d nodes, token %s", list.split(",").length, token).isIn(-1, 400, 401, 413);
            }
        }
        // the main token with too many nodes is refused as invalid permissions, not minted
        String many = String.join(",", java.util.Collections.nCopies(5_000, "a"));
        HttpRequest mainMany = HttpRequest.newBuilder(daemon.baseUri().resolve("/subtoken"))
                .timeout(java.time.Duration.ofSeconds(8))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + daemon.mainToken() + "&permissions=" + many)).build();
        assertThat(client.send(mainMany, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(400);
        // and the daemon still answers
        assertThat(http.get("/info").statusCode()).isEqualTo(200);
        assertThat(http.mintSubtoken(daemon.mainToken(), "mcsl.daemon.java_list", 60L)).isNotEmpty();
    }
}
