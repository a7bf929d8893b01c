package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.mcSetting;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpException;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.TestDaemon;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * URL sources never reach loopback, private, link-local or metadata addresses (also not through a redirect) unless
 * the config allows them. Two loopback HTTP servers stand in for "a public host" and "an internal service".
 */
class SourceUrlGuardTest {
    private static HttpServer source;
    private static HttpServer internal;
    private static final AtomicInteger sourceHits = new AtomicInteger();
    private static final AtomicInteger internalHits = new AtomicInteger();
    private static String sourceBase;
    private static String internalBase;

    @BeforeAll
    static void up() throws Exception {
        byte[] jar = Files.readAllBytes(FakeServer.serverJar());
        internal = server(internalHits);
        internal.createContext("/secret.jar", ex -> {
            internalHits.incrementAndGet();
            ex.sendResponseHeaders(200, jar.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(jar);
            }
        });
        internalBase = "http://127.0.0.1:" + internal.getAddress().getPort();
        source = server(sourceHits);
        sourceBase = "http://127.0.0.1:" + source.getAddress().getPort();
        source.createContext("/server.jar", ex -> {
            sourceHits.incrementAndGet();
            ex.sendResponseHeaders(200, jar.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(jar);
            }
        });
        redirect("/to-internal", internalBase + "/secret.jar");
        redirect("/to-localhost", "http://localhost:" + source.getAddress().getPort() + "/server.jar");
        redirect("/to-self", "/server.jar");
        internal.start();
        source.start();
    }

    @AfterAll
    static void down() {
        source.stop(0);
        internal.stop(0);
        TestDaemon.assertNoChildProcesses();
    }

    @Test
    void privateAndLocalAddressesAreRefusedByDefault() throws Exception {
        try (TestDaemon d = TestDaemon.start()) {
            MfpClient c = d.client();
            int port = source.getAddress().getPort();
            for (String url : List.of(sourceBase + "/server.jar", "http://localhost:" + port + "/server.jar",
                    "http://[::1]:" + port + "/server.jar", "http://0.0.0.0:" + port + "/server.jar",
                    "http://[::ffff:127.0.0.1]:" + port + "/server.jar", "http://169.254.169.254/latest/meta-data/",
                    "http://10.1.2.3/server.jar", "http://192.168.0.10/server.jar", "http://172.16.5.4/server.jar",
                    "http://100.64.0.1/server.jar", "http://[fd00:ec2::254]/latest/meta-data/",
                    "http://[fe80::1]/server.jar", "ftp://127.0.0.1:" + port + "/server.jar")) {
                MfpException e = refused(c, url);
                assertThat(e.code()).as(url).isEqualTo(60001);
                assertThat(e.getMessage()).as(url).contains("instance_source_allow_private");
            }
            assertThat(sourceHits).as("no request reached the server").hasValue(0);
            try (var dirs = Files.list(d.root().resolve("instances"))) {
                assertThat(dirs.count()).as("refused installs leave nothing").isZero();
            }
        }
    }

    @Test
    void everyRedirectHopIsChecked() throws Exception {
        Path work = Files.createTempDirectory("mfp-ssrf");
        try (TestDaemon d = TestDaemon.startWith(work, Map.of("instance_source_allowed_hosts",
                List.of("127.0.0.1:" + source.getAddress().getPort())))) {
            MfpClient c = d.client();
            JsonNode ok = c.call("add_instance", params("setting", mcSetting("allowed", sourceBase + "/server.jar")))
                    .get("config");
            UUID id = UUID.fromString(ok.get("uuid").asText());
            assertThat(d.root().resolve("instances/" + id + "/server.jar")).hasSameBinaryContentAs(FakeServer.serverJar());
            JsonNode self = c.call("add_instance", params("setting", mcSetting("self", sourceBase + "/to-self")))
                    .get("config");
            assertThat(self.get("uuid").asText()).isNotBlank();

            MfpException toInternal = refused(c, sourceBase + "/to-internal");
            assertThat(toInternal.code()).isEqualTo(60001);
            assertThat(toInternal.getMessage()).contains("127.0.0.1").contains("loopback");
            assertThat(internalHits).as("the redirect target was never contacted").hasValue(0);
            assertThat(refused(c, sourceBase + "/to-localhost").code()).isEqualTo(60001);
        } finally {
            TestDaemon.deleteTree(work);
        }
    }

    private static MfpException refused(MfpClient c, String url) {
        MfpException e = catchThrowableOfType(MfpException.class, () ->
                c.call("add_instance", params("setting", mcSetting("ssrf", url))));
        assertThat(e).as(url + " must be refused").isNotNull();
        return e;
    }

    private static HttpServer server(AtomicInteger hits) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        return s;
    }

    private static void redirect(String path, String location) {
        source.createContext(path, ex -> {
            sourceHits.incrementAndGet();
            ex.getResponseHeaders().add("Location", location);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
    }
}
