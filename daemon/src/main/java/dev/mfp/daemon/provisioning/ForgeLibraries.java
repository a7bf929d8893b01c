package dev.mfp.daemon.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a modern Forge/NeoForge installer jar says it needs (files-and-instances.md §5.2): its install profile and the
 * version JSON it names, the vanilla jar's place ({@code serverJarPath}) and the libraries
 * ({@code downloads.artifact} {@code path}, {@code url}, {@code sha1}). With {@code mirror: bmcl_api} the Forge, NeoForge
 * and Mojang library hosts are rewritten to BMCLAPI's {@code /maven}. Legacy (V1) profiles list no artifacts in this
 * form; their installer fetches everything itself.
 */
final class ForgeLibraries {
    /** More entries than any real profile lists: a profile is downloaded code and bounded like everything else. */
    static final int MAX_LIBRARIES = 2000;
    static final List<String> OFFICIAL_MAVENS = List.of("https://maven.minecraftforge.net",
            "https://maven.neoforged.net/releases", "https://libraries.minecraft.net");

    /** One library: its path below {@code libraries/}, URL, and SHA-1 (null when the profile gives none). */
    record Library(String path, URI url, String sha1) {
    }

    /** The installer's requirements. {@code serverJarPath} is instance-relative. */
    record Needs(String serverJarPath, List<Library> libraries) {
    }

    private ForgeLibraries() {
    }

    static Needs read(Path installer, String version, URI bmclapi, boolean bmcl) throws TrackedDownload.Failure {
        try (ZipFile zf = new ZipFile(installer.toFile())) {
            JsonNode profile = json(zf, "install_profile.json");
            if (profile == null) {
                throw new TrackedDownload.Failure("the source is not a Forge installer (no install_profile.json)");
            }
            Map<String, Library> libs = new LinkedHashMap<>();
            collect(profile.path("libraries"), libs, bmclapi, bmcl);
            String versionJson = profile.path("json").asText("/version.json");
            JsonNode v = json(zf, versionJson.startsWith("/") ? versionJson.substring(1) : versionJson);
            if (v != null) {
                collect(v.path("libraries"), libs, bmclapi, bmcl);
            }
            return new Needs(serverJarPath(profile.path("serverJarPath").asText(""), version),
                    List.copyOf(libs.values()));
        } catch (IOException e) {
            throw new TrackedDownload.Failure("the installer cannot be read: " + e.getMessage());
        }
    }

    private static JsonNode json(ZipFile zf, String name) throws IOException {
        ZipEntry e = zf.getEntry(name);
        if (e == null) {
            return null;
        }
        if (e.getSize() > VanillaCore.METADATA_LIMIT) {
            throw new IOException(name + " is too large");
        }
        try (InputStream in = zf.getInputStream(e)) {
            return Json.mapper().readTree(in.readNBytes(VanillaCore.METADATA_LIMIT));
        }
    }

    private static void collect(JsonNode list, Map<String, Library> out, URI bmclapi, boolean bmcl)
            throws TrackedDownload.Failure {
        for (JsonNode l : list) {
            JsonNode a = l.path("downloads").path("artifact");
            String path = a.path("path").asText("");
            String url = a.path("url").asText("");
            if (path.isEmpty() || url.isEmpty()) {
                continue; // built by the installer's processors
            }
            if (!safe(path)) {
                throw new TrackedDownload.Failure("the installer lists a library outside libraries/: " + path);
            }
            if (out.size() >= MAX_LIBRARIES) {
                throw new TrackedDownload.Failure("the installer lists more than " + MAX_LIBRARIES + " libraries");
            }
            URI uri;
            try {
                uri = URI.create(bmcl ? mirrored(url, bmclapi) : url);
            } catch (IllegalArgumentException e) {
                throw new TrackedDownload.Failure("the installer lists an invalid URL for " + path);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new TrackedDownload.Failure("the installer lists a non-http(s) URL for " + path);
            }
            String sha1 = a.path("sha1").asText("");
            out.putIfAbsent(path, new Library(path, uri, sha1.matches("[0-9a-fA-F]{40}")
                    ? sha1.toLowerCase(Locale.ROOT) : null));
        }
    }

    /** files-and-instances.md §5.2: Forge-maven (and NeoForge, Mojang libraries) URLs → {@code <bmclapi>/maven}. */
    static String mirrored(String url, URI bmclapi) {
        for (String official : OFFICIAL_MAVENS) {
            if (url.startsWith(official + "/")) {
                return bmclapi + "/maven" + url.substring(official.length());
            }
        }
        return url;
    }

    private static String serverJarPath(String p, String version) {
        String fallback = "minecraft_server." + version + ".jar";
        if (p.isEmpty()) {
            return fallback;
        }
        p = p.replace("{LIBRARY_DIR}", "libraries").replace("{MINECRAFT_VERSION}", version).replace("{ROOT}/", "");
        return safe(p) ? p : fallback;
    }

    /** A relative path of plain segments. */
    static boolean safe(String p) {
        if (p.length() > 1024 || p.startsWith("/") || p.contains("\\") || p.contains(":") || p.contains("{")
                || p.contains("\0")) {
            return false;
        }
        List<String> segments = new ArrayList<>(List.of(p.split("/")));
        return !segments.isEmpty() && segments.stream().noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
    }
}
