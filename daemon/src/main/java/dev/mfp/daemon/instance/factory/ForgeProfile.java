package dev.mfp.daemon.instance.factory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The {@code install_profile.json} of a Forge-family installer jar: legacy (V1, {@code install.filePath}) or
 * modern (V2, {@code path} = Maven coordinates of the server artifact).
 */
public record ForgeProfile(boolean legacy, String serverJarName) {

    public static ForgeProfile read(Path installer) {
        JsonNode root;
        try (ZipFile zf = new ZipFile(installer.toFile())) {
            ZipEntry e = zf.getEntry("install_profile.json");
            if (e == null) {
                throw fail("the source is not a Forge installer (no install_profile.json)");
            }
            try (InputStream in = zf.getInputStream(e)) {
                root = Json.mapper().readTree(in);
            }
        } catch (IOException e) {
            throw fail("cannot read the installer: " + e.getMessage());
        }
        JsonNode install = root.path("install");
        if (install.isObject()) {
            String file = install.path("filePath").asText(null);
            return new ForgeProfile(true, file);
        }
        String path = root.path("path").isTextual() ? root.path("path").asText() : null;
        return new ForgeProfile(false, path == null ? null : jarOf(path));
    }

    /** {@code group:artifact:version[:classifier]} → {@code artifact-version[-classifier].jar}. */
    static String jarOf(String coordinates) {
        String[] p = coordinates.split(":");
        if (p.length < 3) {
            return null;
        }
        return p[1] + "-" + p[2] + (p.length > 3 ? "-" + p[3] : "") + ".jar";
    }

    private static DaemonError fail(String detail) {
        return new DaemonError(Failure.INSTALLATION_ERROR, detail);
    }
}
