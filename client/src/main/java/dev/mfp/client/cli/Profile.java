package dev.mfp.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine;

/**
 * The CLI's profile, {@code ~/.config/mfp/config.json} (or {@code $XDG_CONFIG_HOME/mfp/config.json}; the system
 * property {@code mfp.profile} names another file): the daemon URL and token {@code mfp login} stored, readable by
 * its owner only. Defaults come from the environment first ({@code MFP_URL}, {@code MFP_TOKEN}), then the profile.
 */
final class Profile implements CommandLine.IDefaultValueProvider {
    static final String DEFAULT_URL = "http://127.0.0.1:11452";

    static Path file() {
        String override = System.getProperty("mfp.profile");
        if (override != null) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("mfp").resolve("config.json");
    }

    static JsonNode load() {
        Path f = file();
        try {
            return Files.isRegularFile(f) ? Json.mapper().readTree(f.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes the profile atomically, owner-only (its directory too). */
    static void save(String url, String token) throws IOException {
        Path f = file();
        Path dir = f.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        ObjectNode n = Json.mapper().createObjectNode().put("url", url).put("token", token);
        Path tmp = Files.createTempFile(dir, ".config", ".tmp");
        try {
            if (posix) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec spec) {
        if (!(spec instanceof CommandLine.Model.OptionSpec o)) {
            return null;
        }
        String name = o.longestName();
        if (name.equals("--url")) {
            return first(System.getenv("MFP_URL"), profileValue("url"), DEFAULT_URL);
        }
        if (name.equals("--token")) {
            return first(System.getenv("MFP_TOKEN"), profileValue("token"), null);
        }
        return null;
    }

    private static String profileValue(String member) {
        JsonNode p = load();
        return p == null || !p.path(member).isTextual() ? null : p.path(member).asText();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}
