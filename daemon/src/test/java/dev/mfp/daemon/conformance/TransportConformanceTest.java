package dev.mfp.daemon.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** transport.md, checked on the wire (status lines, headers, JWT, upgrade, binary frames) from the spec text alone. */
@DaemonTest
class TransportConformanceTest {
    private static TestDaemon daemon;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        port = daemon.port();
    }

    private static String form(String token, String permissions, String expires) {
        StringBuilder b = new StringBuilder();
        if (token != null) {
            b.append("token=").append(token);
        }
        if (permissions != null) {
            b.append(b.length() > 0 ? "&" : "").append("permissions=").append(permissions);
        }
        if (expires != null) {
            b.append(b.length() > 0 ? "&" : "").append("expires=").append(expires);
        }
        return b.toString();
    }

    @Test
    void s3_3_subtokenStatusLinesCarryTheSpecReasonPhrases() throws Exception {
        String main = daemon.mainToken();
        Raw ok = Raw.postForm(port, "/subtoken", form(main, "mcsl.daemon.java_list", "60"));
        assertThat(ok.statusLine()).isEqualTo("HTTP/1.1 200 Success");
        assertThat(ok.header("Content-Type")).startsWith("text/plain");
        assertThat(ok.body()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

        Raw badExpires = Raw.postForm(port, "/subtoken", form(main, "a.b", "soon"));
        assertThat(badExpires.statusLine()).isEqualTo("HTTP/1.1 400 Invalid expires");
        assertThat(badExpires.body()).isEmpty();
        assertThat(Raw.postForm(port, "/subtoken", form(main, "a.b", "0")).reason()).isEqualTo("Invalid expires");

        Raw badPerms = Raw.postForm(port, "/subtoken", form(main, "a..b", "60"));
        assertThat(badPerms.statusLine()).isEqualTo("HTTP/1.1 400 Invalid permissions");
        assertThat(badPerms.body()).isEmpty();
        assertThat(Raw.postForm(port, "/subtoken", form(main, null, "60")).reason()).isEqualTo("Invalid permissions");

        Raw unauthorized = Raw.postForm(port, "/subtoken", form("nope", "a.b", "60"));
        assertThat(unauthorized.statusLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(unauthorized.body()).isEmpty();
        assertThat(Raw.postForm(port, "/subtoken", form(null, "a.b", null)).status()).isEqualTo(401);

        // check order: expires → permissions → token
        assertThat(Raw.postForm(port, "/subtoken", form("nope", "a..b", "x")).reason()).isEqualTo("Invalid expires");
        assertThat(Raw.postForm(port, "/subtoken", form("nope", "a..b", "5")).reason()).isEqualTo("Invalid permissions");
    }

    @Test
    void s1_s3_jsonEndpointsHeadersAndCaseInsensitivePaths() throws Exception {
        for (String path : new String[] {"/", "/info", "/INFO", "/Info"}) {
            Raw r = Raw.get(port, path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(r.header("Access-Control-Allow-Origin")).as(path).isEqualTo("*");
        }
        JsonNode root = Json.mapper().readTree(Raw.get(port, "/").body());
        assertThat(root.get("message").asText()).isNotEmpty();
        assertThat(root.get("version").asText()).isNotEmpty();
        assertThat(root.get("status").asText()).isEqualTo("ok");
        assertThat(root.get("api_version").asText()).isEqualTo("v1");
        JsonNode info = Json.mapper().readTree(Raw.get(port, "/info").body());
        assertThat(info.get("name").asText()).isNotEmpty();
        assertThat(info.get("version").asText()).isNotEmpty();
        assertThat(info.get("api_version").asText()).isEqualTo("v1");
        Raw other = Raw.get(port, "/nothing-here");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body()).isEmpty();
        assertThat(Raw.postForm(port, "/SubToken", form(daemon.mainToken(), "a", "5")).status()).isEqualTo(200);
    }

    @Test
    void s4_2_subtokenIsAnHs256JwtWithTheSpecClaims() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        String jwt = Raw.postForm(port, "/subtoken", form(daemon.mainToken(), "mcsl.daemon.file.**,mcsl.daemon.java_list", "120")).body();
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertThat(header.get("alg").asText()).isEqualTo("HS256");
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        JsonNode claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("iss").asText()).isEqualTo("MCServerLauncher.Daemon");
        assertThat(claims.get("aud").isArray() ? claims.get("aud").get(0).asText() : claims.get("aud").asText())
                .isEqualTo("MCServerLauncher.Daemon");
        assertThat(claims.get("exp").asLong()).isBetween(before + 119, before + 122); // seconds
        assertThat(claims.get("jti").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(claims.get("permissions").isTextual()).isTrue();
        assertThat(claims.get("permissions").asText()).isEqualTo("mcsl.daemon.file.**,mcsl.daemon.java_list");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(
                daemon.daemon().config().secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] sig = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(parts[2]).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
    }

    private static String upgrade(String target) throws Exception {
        Raw r = Raw.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "\r\n");
        return r.statusLine();
    }

    @Test
    void s5_tokenIsCheckedAtTheUpgrade() throws Exception {
        assertThat(upgrade("/api/v1")).startsWith("HTTP/1.1 401");
        assertThat(upgrade("/api/v1?token=")).startsWith("HTTP/1.1 401");
        assertThat(upgrade("/api/v1?token=bad")).startsWith("HTTP/1.1 401");
        assertThat(upgrade("/api/v1?token=" + daemon.mainToken())).startsWith("HTTP/1.1 101");
        assertThat(upgrade("/api/v1/?token=" + daemon.mainToken())).startsWith("HTTP/1.1 101");
    }

    @Test
    void s6_1_parameterlessActionsAcceptAnyParams() throws Exception {
        MfpClient c = daemon.client();
        for (String params : new String[] {"", ",\"params\":null", ",\"params\":{}", ",\"params\":{\"x\":[1]}"}) {
            UUID id = UUID.randomUUID();
            JsonNode r = c.requestRaw("{\"action\":\"ping\"" + params + ",\"id\":\"" + id + "\"}", id)
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.get("retcode").asInt()).as(params).isZero();
            assertThat(r.get("data").get("time").asLong()).isCloseTo(System.currentTimeMillis(),
                    org.assertj.core.data.Offset.offset(60_000L));
        }
    }

    @Test
    void s8_webSocketPingIsPonged() throws Exception {
        MfpClient c = daemon.client();
        c.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS);
        ByteBuffer pong = c.awaitPong(Duration.ofSeconds(10));
        assertThat(pong).isNotNull();
        assertThat(pong.remaining()).isEqualTo(3);
    }

    /** transport.md §9, built byte by byte from the table (the example GUID layout, LE offset, SHA-1 of the data). */
    @Test
    void s9_binaryFramesUseTheDotNetGuidLayoutAndAreAcknowledged() throws Exception {
        MfpClient c = daemon.client();
        BlockingQueue<JsonNode> acks = new LinkedBlockingQueue<>();
        c.onUploadAck(acks::add);
        JsonNode up = c.call("file_upload_request", Map.of("path", "bin/frame.bin", "size", 6));
        UUID id = UUID.fromString(up.get("file_id").asText());
        byte[] data = "abcdef".getBytes(StandardCharsets.US_ASCII);

        // A frame shorter than 44 bytes is ignored: no answer at all.
        c.sendBinary(ByteBuffer.wrap(new byte[43])).get(5, TimeUnit.SECONDS);

        c.sendBinary(frame(id, 3, data, 3, 6, false)).get(5, TimeUnit.SECONDS);
        JsonNode first = acks.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.get("file_id").asText()).isEqualTo(id.toString());
        assertThat(first.get("done").asBoolean()).isFalse();
        assertThat(first.get("received").asLong()).isEqualTo(3);

        c.sendBinary(frame(id, 0, data, 0, 3, true)).get(5, TimeUnit.SECONDS);
        JsonNode bad = acks.poll(10, TimeUnit.SECONDS);
        assertThat(bad.get("file_id").asText()).isEqualTo(id.toString());
        assertThat(bad.get("error").asText()).isEqualTo("Checksum mismatch at offset 0");

        c.sendBinary(frame(id, 0, data, 0, 3, false)).get(5, TimeUnit.SECONDS);
        JsonNode last = acks.poll(10, TimeUnit.SECONDS);
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("received").asLong()).isEqualTo(6);
        assertThat(Files.readString(daemon.root().resolve("bin/frame.bin"))).isEqualTo("abcdef");
        assertThat(acks.poll(300, TimeUnit.MILLISECONDS)).as("the short frame got no answer").isNull();
    }

    @Test
    void s9_theSpecGuidExampleIsReadMixedEndian() throws Exception {
        // 00112233-4455-6677-8899-aabbccddeeff -> 33 22 11 00 55 44 77 66 88 99 aa bb cc dd ee ff
        byte[] guid = HexFormat.of().parseHex("33221100554477668899aabbccddeeff");
        MfpClient c = daemon.client();
        BlockingQueue<JsonNode> acks = new LinkedBlockingQueue<>();
        c.onUploadAck(acks::add);
        ByteBuffer b = ByteBuffer.allocate(44 + 1);
        b.put(guid).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0);
        b.order(java.nio.ByteOrder.BIG_ENDIAN); // the JDK client masks with the buffer's order (JDK bug): keep BIG_ENDIAN
        b.put(MessageDigest.getInstance("SHA-1").digest(new byte[] {7})).put((byte) 7).flip();
        c.sendBinary(b).get(5, TimeUnit.SECONDS);
        JsonNode ack = acks.poll(10, TimeUnit.SECONDS);
        assertThat(ack.get("file_id").asText()).isEqualTo("00112233-4455-6677-8899-aabbccddeeff");
        assertThat(ack.get("error").asText()).startsWith("Not Uploading");
    }

    static ByteBuffer frame(UUID id, long offset, byte[] data, int from, int to, boolean corruptSha1) throws Exception {
        String hex = id.toString().replace("-", "");
        byte[] be = HexFormat.of().parseHex(hex);
        byte[] net = {be[3], be[2], be[1], be[0], be[5], be[4], be[7], be[6],
                be[8], be[9], be[10], be[11], be[12], be[13], be[14], be[15]};
        byte[] part = java.util.Arrays.copyOfRange(data, from, to);
        byte[] sha = MessageDigest.getInstance("SHA-1").digest(part);
        if (corruptSha1) {
            sha[0] ^= 1;
        }
        ByteBuffer b = ByteBuffer.allocate(44 + part.length);
        b.put(net);
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(offset);
        b.order(java.nio.ByteOrder.BIG_ENDIAN); // the JDK client masks with the buffer's order (JDK bug): keep BIG_ENDIAN
        b.put(sha).put(part).flip();
        return b;
    }
}
