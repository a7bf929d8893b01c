package dev.mfp.daemon.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Where the vanilla server jar of a Minecraft version comes from (files-and-instances.md §5.2): officially the Mojang
 * version manifest ({@code <meta>/mc/game/version_manifest_v2.json} → the version's JSON, checked against the
 * manifest's {@code sha1} → {@code downloads.server}); with {@code mirror: bmcl_api} BMCLAPI
 * ({@code <bmclapi>/version/<v>/json} for the hash, {@code <bmclapi>/version/<v>/server} for the jar). Either way the
 * jar is verified against the version JSON's SHA-1.
 */
final class VanillaCore {
    static final int METADATA_LIMIT = 16 << 20;

    /** The server jar of one version: its URL, SHA-1 (lower-case hex) and declared size (-1 if none). */
    record Jar(URI url, String sha1, long size) {
    }

    private final TrackedDownload download;
    private final URI meta;
    private final URI bmclapi;

    VanillaCore(TrackedDownload download, URI meta, URI bmclapi) {
        this.download = download;
        this.meta = meta;
        this.bmclapi = bmclapi;
    }

    Jar find(String version, boolean bmcl, BooleanSupplier cancelled) throws TrackedDownload.Failure {
        if (bmcl) {
            String v = URLEncoder.encode(version, StandardCharsets.UTF_8).replace("+", "%20");
            JsonNode json = json(URI.create(bmclapi + "/version/" + v + "/json"), null, cancelled, version);
            return server(json, URI.create(bmclapi + "/version/" + v + "/server"), version);
        }
        JsonNode manifest = json(URI.create(meta + "/mc/game/version_manifest_v2.json"), null, cancelled, null);
        JsonNode entry = null;
        for (JsonNode n : manifest.path("versions")) {
            if (version.equals(n.path("id").asText(null))) {
                entry = n;
                break;
            }
        }
        if (entry == null) {
            throw new TrackedDownload.Failure("Minecraft " + version + " is not in the version manifest");
        }
        URI url;
        try {
            url = URI.create(entry.path("url").asText(""));
        } catch (IllegalArgumentException e) {
            throw new TrackedDownload.Failure("the version manifest has an invalid URL for " + version);
        }
        JsonNode json = json(url, TrackedDownload.Digest.sha1(entry.path("sha1").asText(null)), cancelled, version);
        return server(json, null, version);
    }

    private static Jar server(JsonNode versionJson, URI url, String version) throws TrackedDownload.Failure {
        JsonNode s = versionJson.path("downloads").path("server");
        String sha1 = s.path("sha1").asText("");
        if (!s.isObject() || !sha1.matches("[0-9a-fA-F]{40}")) {
            throw new TrackedDownload.Failure("Minecraft " + version + " has no server jar (or no SHA-1 for it)");
        }
        try {
            URI jar = url != null ? url : URI.create(s.path("url").asText(""));
            if (jar.getScheme() == null) {
                throw new IllegalArgumentException("relative");
            }
            return new Jar(jar, sha1.toLowerCase(java.util.Locale.ROOT), s.path("size").asLong(-1));
        } catch (IllegalArgumentException e) {
            throw new TrackedDownload.Failure("the version JSON of " + version + " has an invalid server URL");
        }
    }

    private JsonNode json(URI uri, TrackedDownload.Digest expected, BooleanSupplier cancelled, String version)
            throws TrackedDownload.Failure {
        byte[] body;
        try {
            body = download.bytes(uri, METADATA_LIMIT, cancelled);
        } catch (TrackedDownload.Failure e) {
            if (version != null && e.getMessage().contains("HTTP 404")) {
                throw new TrackedDownload.Failure("Minecraft " + version + " is unknown to " + uri.getHost());
            }
            throw e;
        }
        if (expected != null) {
            String actual = sha1(body);
            if (!actual.equals(expected.hex())) {
                throw new TrackedDownload.Failure(uri + " does not match the manifest's SHA-1");
            }
        }
        try {
            JsonNode n = Json.mapper().readTree(body);
            if (n == null || !n.isObject()) {
                throw new IOException("not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new TrackedDownload.Failure(uri + " is not valid JSON metadata: " + e.getMessage());
        }
    }

    private static String sha1(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
