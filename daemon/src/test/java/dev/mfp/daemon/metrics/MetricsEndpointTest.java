package dev.mfp.daemon.metrics;

import static dev.mfp.daemon.support.Instances.addServer;
import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Instances.startAndAwaitRunning;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpException;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.Bytes;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** spec-v2 extensions.md §3 through a real daemon: {@code GET /metrics}, its authorization, config and values. */
@Timeout(120)
// a hung stop stays hung for the whole test
@DaemonTest(config = "instance_stop_timeout_ms=60000", noChildProcessesAfter = true)
class MetricsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PERMISSION = "mcsl.monitoring.current.get";

    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    // --- authorization -------------------------------------------------------------------------------------------

    @Test
    void withoutATokenOrWithABadOneIs401() throws Exception {
        for (String auth : new String[] {null, "Bearer nope", "Bearer ", "Basic " + d.mainToken(), d.mainToken(),
                "Bearer " + d.mainToken() + "x"}) {
            HttpResponse<String> r = get(d, "/metrics", auth);
            assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(r.body()).as(String.valueOf(auth)).isEmpty();
            assertThat(r.headers().firstValue("www-authenticate")).hasValue("Bearer");
        }
    }

    @Test
    void theMainTokenScrapesTextFormat004() throws Exception {
        c.call("ping", null); // a family without samples is not written: give the request counter one
        HttpResponse<String> r = get(d, "/metrics", "Bearer " + d.mainToken());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
        Exposition e = Exposition.parse(r.body());
        assertThat(e.types).containsEntry("mfp_connections", "gauge")
                .containsEntry("mfp_requests_total", "counter")
                .containsEntry("mfp_request_duration_seconds", "histogram")
                .containsEntry("mfp_transfer_bytes_total", "counter")
                .containsEntry("mfp_events_dropped_total", "counter");
        // the library's JVM and process metrics
        assertThat(e.types).containsKeys("jvm_memory_used_bytes", "jvm_threads_current", "process_cpu_seconds_total");
        assertThat(e.value("mfp_transfer_bytes_total", Map.of("direction", "upload"))).isNotNull();
        assertThat(e.value("mfp_transfer_bytes_total", Map.of("direction", "download"))).isNotNull();
        assertThat(e.value("mfp_events_dropped_total", Map.of("event", "instance_log"))).isEqualTo(0.0);
        assertThat(e.value("mfp_request_duration_seconds_bucket", Map.of("api", "v2", "le", "+Inf"))).isNotNull();
        // path case as for the other endpoints; HEAD and other paths as before
        assertThat(get(d, "/METRICS", "Bearer " + d.mainToken()).statusCode()).isEqualTo(200);
        assertThat(get(d, "/metrics/x", "Bearer " + d.mainToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void aV2TokenNeedsTheMonitoringPermission() throws Exception {
        MfpV2Client main = d.v2();
        String allowed = issue(main, "prom", List.of(PERMISSION));
        String other = issue(main, "not-prom", List.of("mcsl.daemon.ping"));
        String wildcard = issue(main, "all-monitoring", List.of("mcsl.monitoring.**"));
        assertThat(get(d, "/metrics", "Bearer " + allowed).statusCode()).isEqualTo(200);
        assertThat(get(d, "/metrics", "bearer " + allowed).statusCode()).as("scheme is case-insensitive")
                .isEqualTo(200);
        assertThat(get(d, "/metrics", "Bearer " + wildcard).statusCode()).isEqualTo(200);
        assertThat(get(d, "/metrics", "Bearer " + other).statusCode()).isEqualTo(401);
    }

    // --- values --------------------------------------------------------------------------------------------------

    @Test
    void requestsAndConnectionsAreCountedPerApi() throws Exception {
        MfpClient v1 = d.client();
        v1.call("ping", null);
        v1.call("ping", null);
        assertThatThrownBy(() -> v1.call("no_such_action", null)).isInstanceOf(MfpException.class);
        MfpV2Client v2 = d.v2();
        v2.call("mcsl.daemon.ping");
        assertThatThrownBy(() -> v2.call("mcsl.no.such.method")).isInstanceOf(RuntimeException.class);

        Exposition e = scrape(d);
        assertThat(e.value("mfp_requests_total", Map.of("api", "v1", "method", "ping", "outcome", "ok")))
                .isGreaterThanOrEqualTo(2.0);
        assertThat(e.value("mfp_requests_total", Map.of("api", "v1", "method", "unknown", "outcome", "error")))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(e.value("mfp_requests_total", Map.of("api", "v2", "method", "mcsl.daemon.ping", "outcome", "ok")))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(e.value("mfp_requests_total", Map.of("api", "v2", "method", "unknown", "outcome", "error")))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(e.value("mfp_request_duration_seconds_count", Map.of("api", "v1"))).isGreaterThanOrEqualTo(3.0);
        assertThat(e.value("mfp_request_duration_seconds_count", Map.of("api", "v2"))).isGreaterThanOrEqualTo(2.0);
        assertThat(e.value("mfp_connections", Map.of("api", "v1"))).isGreaterThanOrEqualTo(1.0);
        assertThat(e.value("mfp_connections", Map.of("api", "v2"))).isGreaterThanOrEqualTo(1.0);
        // a client cannot create series by inventing names
        assertThat(e.samples).noneMatch(s -> s.labels.containsValue("no_such_action")
                || s.labels.containsValue("mcsl.no.such.method"));

        // the counters only grow
        double before = e.value("mfp_requests_total", Map.of("api", "v1", "method", "ping", "outcome", "ok"));
        v1.call("ping", null);
        assertThat(scrape(d).value("mfp_requests_total", Map.of("api", "v1", "method", "ping", "outcome", "ok")))
                .isEqualTo(before + 1);
    }

    @Test
    void uploadAndDownloadBytesAreCounted() throws Exception {
        Exposition before = scrape(d);
        double up = before.value("mfp_transfer_bytes_total", Map.of("direction", "upload"));
        double down = before.value("mfp_transfer_bytes_total", Map.of("direction", "download"));
        byte[] data = new byte[1000];
        new java.util.Random(7).nextBytes(data);
        String sha1 = Bytes.sha1(data);
        String fileId = c.call("file_upload_request", params("path", "metrics-test.bin", "size", data.length,
                "sha1", sha1, "encoding", "base64")).get("file_id").asText();
        JsonNode done = c.call("file_upload_chunk", params("file_id", fileId, "offset", 0, "data",
                java.util.Base64.getEncoder().encodeToString(data)));
        assertThat(done.get("done").asBoolean()).isTrue();
        JsonNode open = c.call("file_download_request", params("path", "metrics-test.bin"));
        String downloadId = open.get("file_id").asText();
        c.call("file_download_range", params("file_id", downloadId, "range", "0..600"));
        c.call("file_download_close", params("file_id", downloadId));

        Exposition after = scrape(d);
        assertThat(after.value("mfp_transfer_bytes_total", Map.of("direction", "upload"))).isEqualTo(up + 1000);
        assertThat(after.value("mfp_transfer_bytes_total", Map.of("direction", "download"))).isEqualTo(down + 600);
        c.call("delete_file", params("path", "metrics-test.bin"));
    }

    @Test
    void anInstanceShowsItsStatusStartsCrashesAndSamples() throws Exception {
        UUID id = addServer(d, c, "metrics-a");
        Map<String, String> labels = Map.of("instance_id", id.toString(), "name", "metrics-a");
        Exposition e = scrape(d);
        assertThat(e.types).containsEntry("mfp_instance_status", "gauge")
                .containsEntry("mfp_instance_cpu_percent", "gauge")
                .containsEntry("mfp_instance_memory_bytes", "gauge")
                .containsEntry("mfp_instance_starts_total", "counter")
                .containsEntry("mfp_instance_crashes_total", "counter");
        assertThat(e.statusOf(id)).isEqualTo("stopped");
        assertThat(e.value("mfp_instance_starts_total", labels)).isEqualTo(0.0);
        assertThat(e.value("mfp_instance_crashes_total", labels)).isEqualTo(0.0);

        startAndAwaitRunning(c, id);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape(d).statusOf(id))
                .isEqualTo("running"));
        assertThat(scrape(d).value("mfp_instance_starts_total", labels)).isEqualTo(1.0);
        // sampled in the background: the fake server's max-players=7 and its memory
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Exposition s = scrape(d);
            assertThat(s.types).containsEntry("mfp_instance_players_online", "gauge")
                    .containsEntry("mfp_instance_players_max", "gauge");
            assertThat(s.value("mfp_instance_players_max", labels)).isEqualTo(7.0);
            assertThat(s.value("mfp_instance_players_online", labels)).isEqualTo(0.0);
            assertThat(s.value("mfp_instance_memory_bytes", labels)).isGreaterThan(0.0);
            assertThat(s.value("mfp_instance_cpu_percent", labels)).isBetween(0.0, 100.0);
        });

        c.call("send_to_instance", params("id", id.toString(), "message", "testkit crash"));
        awaitStatus(c, id, "crashed");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Exposition s = scrape(d);
            assertThat(s.statusOf(id)).isEqualTo("crashed");
            assertThat(s.value("mfp_instance_crashes_total", labels)).isEqualTo(1.0);
            assertThat(s.value("mfp_instance_starts_total", labels)).isEqualTo(1.0);
        });
    }

    @Test
    void aRemovedInstanceLeavesNoSeries() throws Exception {
        UUID id = addServer(d, c, "metrics-gone");
        assertThat(scrape(d).statusOf(id)).isEqualTo("stopped");
        c.call("remove_instance", params("id", id.toString()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape(d).samples)
                .noneMatch(s -> id.toString().equals(s.labels().get("instance_id"))));
    }

    /**
     * A server whose stop hangs, and whose Server List Ping port is held by a socket that never answers: the
     * background sampler waits for its ping timeout, the scrapes do not.
     */
    @Test
    void aScrapeDoesNotWaitForAHungServer() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            UUID id = addServer(d, c, "metrics-hung");
            FakeServer.writeProperties(d, id, silent.getLocalPort()); // the fake server cannot bind it: no ping answer
            startAndAwaitRunning(c, id);
            c.call("send_to_instance", params("id", id.toString(), "message", "testkit hang-on-stop"));
            Instances.awaitHistoryContains(c, id, "stop will hang");
            c.call("stop_instance", params("id", id.toString()));
            awaitStatus(c, id, "stopping");
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            int scrapes = 0;
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                Exposition e = scrape(d);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(ms).as("scrape took %d ms", ms).isLessThan(1000);
                assertThat(e.statusOf(id)).isEqualTo("stopping");
                scrapes++;
                Thread.sleep(200);
            }
            assertThat(scrapes).isGreaterThan(5);
            c.call("kill_instance", params("id", id.toString()));
            awaitStatus(c, id, "stopped");
        }
    }

    // --- configuration -------------------------------------------------------------------------------------------

    @Test
    void publicNeedsNoToken(@TempDir Path dir) throws Exception {
        try (TestDaemon p = TestDaemon.startWith(dir, Map.of("metrics", "public"))) {
            HttpResponse<String> r = get(p, "/metrics", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Exposition.parse(r.body()).types).containsKey("mfp_connections");
            assertThat(get(p, "/metrics", "Bearer nope").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void offIs404(@TempDir Path dir) throws Exception {
        try (TestDaemon p = TestDaemon.startWith(dir, Map.of("metrics", "off"))) {
            HttpResponse<String> r = get(p, "/metrics", "Bearer " + p.mainToken());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEmpty();
            assertThat(p.client().call("ping", null).has("time")).isTrue();
        }
    }

    @Test
    void anInvalidValueRefusesTheStart(@TempDir Path dir) throws Exception {
        List<Object> values = List.of("yes", "TOKEN", "", true, 1, Map.of("mode", "token"));
        for (int i = 0; i < values.size(); i++) {
            Object bad = values.get(i);
            Path w = Files.createDirectories(dir.resolve("w" + i));
            assertThatThrownBy(() -> TestDaemon.startWith(w, Map.of("metrics", bad)).close())
                    .as(String.valueOf(bad)).isInstanceOf(IOException.class).hasMessageContaining("metrics");
        }
        try (TestDaemon t = TestDaemon.startWith(dir.resolve("token"), Map.of("metrics", "token"))) {
            assertThat(get(t, "/metrics", null).statusCode()).isEqualTo(401);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static String issue(MfpV2Client main, String subject, List<String> permissions) {
        JsonNode issued = main.call("mcsl.auth.token.issue", Map.of("subject", subject, "audience",
                "mcsl://daemon/api/v2", "permissions", permissions, "ttl_seconds", 600));
        return issued.get("token").asText();
    }

    static HttpResponse<String> get(TestDaemon t, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t.baseUri() + path)).timeout(Duration.ofSeconds(10))
                .GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Exposition scrape(TestDaemon t) throws Exception {
        HttpResponse<String> r = get(t, "/metrics", "Bearer " + t.mainToken());
        assertThat(r.statusCode()).isEqualTo(200);
        return Exposition.parse(r.body());
    }

    /** A strict reader of the text format 0.0.4: every line is a HELP, a TYPE or a sample, or the parse fails. */
    static final class Exposition {
        private static final Pattern SAMPLE = Pattern.compile(
                "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
        private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) "
                + "(counter|gauge|histogram|summary|untyped)");
        private static final Set<String> SUFFIXES = Set.of("_bucket", "_count", "_sum", "_created");

        record Sample(String name, Map<String, String> labels, double value) {
        }

        final Map<String, String> types = new LinkedHashMap<>();
        final List<Sample> samples = new ArrayList<>();

        static Exposition parse(String body) {
            Exposition e = new Exposition();
            assertThat(body).endsWith("\n");
            for (String line : body.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    continue;
                }
                if (line.startsWith("#")) {
                    Matcher t = TYPE.matcher(line);
                    assertThat(t.matches()).as("TYPE line: %s", line).isTrue();
                    assertThat(e.types.put(t.group(1), t.group(2))).as("one TYPE per family: %s", line).isNull();
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("sample line: %s", line).isTrue();
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    int end = 0;
                    while (l.find() && l.start() == end) {
                        labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n")
                                .replace("\\\\", "\\"));
                        end = l.end();
                    }
                    assertThat(end).as("labels of %s", line).isEqualTo(m.group(2).length());
                }
                String v = m.group(3);
                double value = switch (v) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> Double.parseDouble(v);
                };
                String family = familyOf(m.group(1), e.types);
                assertThat(family).as("a sample of a declared family: %s", line).isNotNull();
                e.samples.add(new Sample(m.group(1), labels, value));
            }
            return e;
        }

        private static String familyOf(String name, Map<String, String> types) {
            if (types.containsKey(name)) {
                return name;
            }
            for (String s : SUFFIXES) {
                if (name.endsWith(s) && types.containsKey(name.substring(0, name.length() - s.length()))) {
                    return name.substring(0, name.length() - s.length());
                }
            }
            return null;
        }

        /** The value of the one sample named {@code name} with exactly these labels; null when there is none. */
        Double value(String name, Map<String, String> labels) {
            Double found = null;
            for (Sample s : samples) {
                if (s.name.equals(name) && s.labels.equals(labels)) {
                    assertThat(found).as("one sample %s%s", name, labels).isNull();
                    found = s.value;
                }
            }
            return found;
        }

        /** The status label of the instance's one {@code mfp_instance_status} sample (value 1); null when absent. */
        String statusOf(UUID id) {
            String status = null;
            for (Sample s : samples) {
                if (s.name.equals("mfp_instance_status") && id.toString().equals(s.labels.get("instance_id"))) {
                    assertThat(status).as("one status sample per instance").isNull();
                    assertThat(s.value).isEqualTo(1.0);
                    status = s.labels.get("status");
                }
            }
            return status;
        }
    }
}
