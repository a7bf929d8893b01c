package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.protocol.json.Json;
import dev.mfp.testkit.TestkitJars;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The internet a provisioning test needs, on 127.0.0.1: {@link #sources} serves server jars and installers (with
 * range requests, a connection cut once, one cut always, a trickle, redirects to forbidden addresses);
 * {@link #mirror} serves the Mojang launcher metadata ({@code /meta}, the shapes of
 * {@code version_manifest_v2.json} and a version JSON) and BMCLAPI ({@code /bmcl/version/<v>/json|server});
 * {@link #internal} is a service nothing may reach. The "vanilla server jar" is the testkit server jar.
 */
final class ProvisioningUpstream implements AutoCloseable {
    /** Versions in the manifest; {@code 1.20.2} lists a wrong SHA-1 for its server jar, {@code 1.18.2}'s JSON
     * redirects to the internal service, {@code 1.19.4}'s JSON never answers. */
    static final Set<String> VERSIONS = Set.of("1.20.1", "1.20.4", "1.12.2", "1.20.2", "1.18.2", "1.19.4");

    final HttpServer sources;
    final HttpServer mirror;
    final HttpServer internal;
    final AtomicInteger internalHits = new AtomicInteger();
    final AtomicInteger metaHits = new AtomicInteger();
    final AtomicInteger bmclHits = new AtomicInteger();
    final AtomicInteger vanillaJarHits = new AtomicInteger();
    final AtomicInteger mavenHits = new AtomicInteger();
    final AtomicInteger bmclMavenHits = new AtomicInteger();
    /** Range requests answered with 206 (resumed downloads). */
    static final AtomicInteger RESUMES = new AtomicInteger();
    final byte[] serverJar;
    final String serverJarSha256;
    private final String serverJarSha1;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Set<String> cutOnce = ConcurrentHashMap.newKeySet();

    ProvisioningUpstream() throws IOException {
        serverJar = Files.readAllBytes(FakeServer.serverJar());
        serverJarSha256 = hex("SHA-256", serverJar);
        serverJarSha1 = hex("SHA-1", serverJar);
        internal = server();
        internal.createContext("/", ex -> {
            internalHits.incrementAndGet();
            send(ex, 200, "secret".getBytes(StandardCharsets.UTF_8), null);
        });
        sources = server();
        sources.createContext("/", this::source);
        mirror = server();
        mirror.createContext("/meta/", this::meta);
        mirror.createContext("/bmcl/", this::bmcl);
        mirror.createContext("/maven/", ex -> {
            mavenHits.incrementAndGet();
            send(ex, 200, library(ex.getRequestURI().getPath().substring("/maven/".length())), null);
        });
        internal.start();
        sources.start();
        mirror.start();
    }

    String sourcesBase() {
        return "http://127.0.0.1:" + sources.getAddress().getPort();
    }

    String mirrorBase() {
        return "http://127.0.0.1:" + mirror.getAddress().getPort();
    }

    String internalBase() {
        return "http://127.0.0.1:" + internal.getAddress().getPort();
    }

    /** The config.json keys of a daemon using this upstream (sources allowed, mirror as the configured bases). */
    Map<String, Object> config() {
        return Map.of("instance_source_allowed_hosts", java.util.List.of("127.0.0.1:" + sources.getAddress().getPort()),
                "provisioning", Map.of("mojang_meta_url", mirrorBase() + "/meta", "bmclapi_url", mirrorBase() + "/bmcl",
                        "connect_timeout_seconds", 2, "max_live_plans_per_principal", 40));
    }

    /** Serves {@code bytes} at {@code /files/<name>} of {@link #sources}; its URL. */
    String file(String name, byte[] bytes) {
        files.put(name, bytes);
        return sourcesBase() + "/files/" + name;
    }

    /** A fake Forge/NeoForge installer served at {@code /files/<name>}; its URL. */
    String installer(Path tmp, String name, String profile) throws IOException {
        Path jar = TestkitJars.forgeInstaller(tmp.resolve(name), profile);
        return file(name, Files.readAllBytes(jar));
    }

    /** {@code /flaky/<name>}: the first request is cut after half the body; a range request then gets the rest. */
    String flaky(String name, byte[] bytes) {
        files.put(name, bytes);
        cutOnce.add(name);
        return sourcesBase() + "/flaky/" + name;
    }

    private void source(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/to-internal")) {
            redirect(ex, internalBase() + "/secret.jar");
        } else if (path.equals("/to-metadata")) {
            redirect(ex, "http://169.254.169.254/latest/meta-data/");
        } else if (path.equals("/to-localhost")) {
            redirect(ex, "http://localhost:" + sources.getAddress().getPort() + "/files/server.jar");
        } else if (path.startsWith("/files/")) {
            ranged(ex, files.get(path.substring(7)), false);
        } else if (path.startsWith("/flaky/")) {
            String name = path.substring(7);
            ranged(ex, files.get(name), cutOnce.remove(name));
        } else if (path.startsWith("/cut/")) {
            cut(ex);
        } else if (path.startsWith("/slow/")) {
            trickle(ex);
        } else {
            send(ex, 404, new byte[0], null);
        }
    }

    /** A body served with ETag and range support; {@code cutHalf}: half of it, then the connection is closed. */
    private static void ranged(HttpExchange ex, byte[] body, boolean cutHalf) throws IOException {
        if (body == null) {
            send(ex, 404, new byte[0], null);
            return;
        }
        String etag = "\"" + hex("SHA-1", body).substring(0, 16) + "\"";
        ex.getResponseHeaders().add("Accept-Ranges", "bytes");
        ex.getResponseHeaders().add("ETag", etag);
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        if (range != null && range.startsWith("bytes=") && range.endsWith("-") && etag.equals(ifRange)) {
            int from = Integer.parseInt(range.substring(6, range.length() - 1));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            byte[] rest = java.util.Arrays.copyOfRange(body, from, body.length);
            RESUMES.incrementAndGet();
            send(ex, 206, rest, null);
            return;
        }
        if (cutHalf) {
            ex.sendResponseHeaders(200, body.length);
            OutputStream o = ex.getResponseBody();
            o.write(body, 0, body.length / 2);
            o.flush();
            ex.close(); // fewer bytes than declared: the connection is closed under the client
            return;
        }
        send(ex, 200, body, null);
    }

    /** Always half of a declared body, no range support. */
    private void cut(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, serverJar.length);
        OutputStream o = ex.getResponseBody();
        o.write(serverJar, 0, serverJar.length / 2);
        o.flush();
        ex.close();
    }

    /** A 64 MiB body trickled 4 KiB every 20 ms until the client goes away (or 60 s pass). */
    private static void trickle(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 64L << 20);
        long end = System.nanoTime() + 60_000_000_000L;
        try (OutputStream o = ex.getResponseBody()) {
            byte[] chunk = new byte[4096];
            while (System.nanoTime() < end) {
                o.write(chunk);
                o.flush();
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private void meta(HttpExchange ex) throws IOException {
        metaHits.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        if (path.equals("/meta/mc/game/version_manifest_v2.json")) {
            ObjectNode m = Json.mapper().createObjectNode();
            m.putObject("latest").put("release", "1.20.4").put("snapshot", "1.20.4");
            ArrayNode vs = m.putArray("versions");
            for (String v : VERSIONS.stream().sorted().toList()) {
                byte[] json = versionJson(v, mirrorBase() + "/meta/v1/objects/" + serverJarSha1 + "/server.jar");
                String url = switch (v) {
                    case "1.18.2" -> mirrorBase() + "/meta/redirect-internal";
                    case "1.19.4" -> mirrorBase() + "/meta/hang";
                    default -> mirrorBase() + "/meta/v1/packages/" + hex("SHA-1", json) + "/" + v + ".json";
                };
                vs.addObject().put("id", v).put("type", "release").put("url", url)
                        .put("time", "2023-06-12T13:25:51+00:00").put("releaseTime", "2023-06-07T09:35:20+00:00")
                        .put("sha1", hex("SHA-1", json)).put("complianceLevel", 1);
            }
            send(ex, 200, Json.mapper().writeValueAsBytes(m), "application/json");
        } else if (path.startsWith("/meta/v1/packages/")) {
            String v = path.substring(path.lastIndexOf('/') + 1).replace(".json", "");
            send(ex, 200, versionJson(v, mirrorBase() + "/meta/v1/objects/" + serverJarSha1 + "/server.jar"),
                    "application/json");
        } else if (path.startsWith("/meta/v1/objects/")) {
            vanillaJarHits.incrementAndGet();
            send(ex, 200, serverJar, "application/java-archive");
        } else if (path.equals("/meta/redirect-internal")) {
            redirect(ex, internalBase() + "/version.json");
        } else if (path.equals("/meta/hang")) {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 500, new byte[0], null);
        } else {
            send(ex, 404, new byte[0], null);
        }
    }

    private void bmcl(HttpExchange ex) throws IOException {
        bmclHits.incrementAndGet();
        String[] p = ex.getRequestURI().getPath().split("/"); // "", "bmcl", "version", v, "json"|"server"
        if (p.length == 5 && p[2].equals("version") && VERSIONS.contains(p[3])) {
            if (p[4].equals("json")) {
                send(ex, 200, versionJson(p[3], "https://piston-data.mojang.com/v1/objects/" + serverJarSha1
                        + "/server.jar"), "application/json");
                return;
            }
            if (p[4].equals("server")) { // BMCLAPI answers with a redirect to its storage
                redirect(ex, "/bmcl/objects/server-" + p[3] + ".jar");
                return;
            }
        }
        String path = ex.getRequestURI().getPath();
        if (path.startsWith("/bmcl/maven/")) {
            bmclMavenHits.incrementAndGet();
            send(ex, 200, library(path.substring("/bmcl/maven/".length())), null);
            return;
        }
        if (p.length == 4 && p[2].equals("objects")) {
            vanillaJarHits.incrementAndGet();
            send(ex, 200, serverJar, "application/java-archive");
            return;
        }
        send(ex, 404, "Not Found".getBytes(StandardCharsets.UTF_8), null);
    }

    /** The bytes of the library at maven path {@code path} (any path has one). */
    static byte[] library(String path) {
        return ("library " + path).getBytes(StandardCharsets.UTF_8);
    }

    /** An install-profile library entry ({@code downloads.artifact}) at {@code base} + path. */
    static String libraryEntry(String name, String path, String base, boolean rightSha1) {
        String sha1 = rightSha1 ? hex("SHA-1", library(path)) : "1".repeat(40);
        return "{\"name\":\"" + name + "\",\"downloads\":{\"artifact\":{\"path\":\"" + path + "\",\"url\":\""
                + (base.isEmpty() ? "" : base + "/" + path) + "\",\"sha1\":\"" + sha1 + "\",\"size\":"
                + library(path).length + "}}}";
    }

    /** The shape of a Mojang version JSON (the members a server install reads, and a few around them). */
    private byte[] versionJson(String v, String serverUrl) throws IOException {
        ObjectNode j = Json.mapper().createObjectNode();
        j.put("id", v).put("type", "release").put("mainClass", "net.minecraft.client.main.Main")
                .put("minimumLauncherVersion", 21).put("releaseTime", "2023-06-07T09:35:20+00:00");
        j.putObject("javaVersion").put("component", "java-runtime-gamma").put("majorVersion", 17);
        ObjectNode d = j.putObject("downloads");
        d.putObject("client").put("sha1", "0c3ec587af28e5a785c0b4a7b8a30f9a8f78f838").put("size", 23028225)
                .put("url", "https://piston-data.mojang.com/v1/objects/0c3ec587af28e5a785c0b4a7b8a30f9a8f78f838/client.jar");
        String sha1 = v.equals("1.20.2") ? "0".repeat(40) : serverJarSha1;
        d.putObject("server").put("sha1", sha1).put("size", serverJar.length).put("url", serverUrl);
        return Json.mapper().writeValueAsBytes(j);
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        send(ex, 302, new byte[0], null);
    }

    private static void send(HttpExchange ex, int code, byte[] body, String type) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().add("Content-Type", type);
        }
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    private static HttpServer server() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "upstream");
            t.setDaemon(true);
            return t;
        }));
        return s;
    }

    static String hex(String alg, byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sources.stop(0);
        mirror.stop(0);
        internal.stop(0);
    }
}
