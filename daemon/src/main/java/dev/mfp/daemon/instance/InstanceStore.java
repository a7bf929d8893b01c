package dev.mfp.daemon.instance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mfp.daemon.instance.process.RunAs;
import dev.mfp.daemon.util.AtomicFiles;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.json.LenientUuidDeserializer;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceInstallMetadata;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and writes {@code instances/<uuid>/daemon_instance.json} (indented UTF-8, atomic) and the install metadata. */
public final class InstanceStore {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceStore.class);
    private static final UUID ZERO = new UUID(0L, 0L);

    private final Path root;
    private final ObjectMapper mapper = Json.mapper();

    private final RunAs runAs;

    /** @param runAs who servers run as: files they could have replaced are trusted only if the daemon wrote them */
    public InstanceStore(Path root, RunAs runAs) {
        this.root = root;
        this.runAs = runAs;
    }

    public Path dir(UUID id) {
        return InstanceLayout.dir(root, id);
    }

    void save(Path dir, InstanceSpec config) throws IOException {
        AtomicFiles.writeOwnerOnly(dir.resolve(InstanceLayout.CONFIG_FILE), mapper.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(ConfigDocument.document(config)));
    }

    public void saveMetadata(Path dir, InstallRecord metadata) throws IOException {
        AtomicFiles.writeOwnerOnly(dir.resolve(InstanceLayout.METADATA_FILE), mapper.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(ConfigDocument.document(metadata)));
    }

    /** An installer run a settings update recorded for the next start: its source (client path) and target name. */
    public record PendingInstall(String source, String preferredTargetName) {
    }

    public void savePendingInstall(Path dir, PendingInstall pending) throws IOException {
        AtomicFiles.writeOwnerOnly(dir.resolve(InstanceLayout.PENDING_INSTALL_FILE), mapper.writeValueAsBytes(pending));
    }

    /** The recorded installer run, or null (also when the file is not the daemon's own). */
    public PendingInstall loadPendingInstall(Path dir) {
        Path f = dir.resolve(InstanceLayout.PENDING_INSTALL_FILE);
        if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !runAs.trusts(f)) {
            return null;
        }
        try {
            PendingInstall p = mapper.readValue(f.toFile(), PendingInstall.class);
            return p == null || p.source() == null ? null : p;
        } catch (IOException e) {
            LOG.warn("ignoring unreadable {}: {}", f, e.getMessage());
            return null;
        }
    }

    public void clearPendingInstall(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(InstanceLayout.PENDING_INSTALL_FILE));
    }

    public InstallRecord loadMetadata(Path dir) {
        Path f = dir.resolve(InstanceLayout.METADATA_FILE);
        if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !runAs.trusts(f)) {
            return null;
        }
        try {
            InstallRecord r = ConfigDocument.install(mapper.readValue(f.toFile(), InstanceInstallMetadata.class));
            return r == null ? null : r.withInstalledAt(withNumericOffset(r.installedAt()));
        } catch (IOException e) {
            LOG.warn("ignoring unreadable install metadata {}: {}", f, e.getMessage());
            return null;
        }
    }

    /** Metadata written before the numeric-offset fix said {@code …Z}; models.md §3.12 wants {@code +00:00}. */
    static String withNumericOffset(String installedAt) {
        if (installedAt != null && (installedAt.endsWith("Z") || installedAt.endsWith("z"))) {
            return installedAt.substring(0, installedAt.length() - 1) + "+00:00";
        }
        return installedAt;
    }

    /**
     * Every valid {@code instances/<uuid>/daemon_instance.json}; invalid ones are skipped with a log line. The
     * directory name is the id (a different {@code uuid} inside the file is ignored).
     */
    public List<InstanceSpec> loadAll() {
        List<InstanceSpec> out = new ArrayList<>();
        Path base = root.resolve(InstanceLayout.INSTANCES);
        if (!Files.isDirectory(base)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, Files::isDirectory)) {
            for (Path d : dirs) {
                InstanceSpec c = load(d);
                if (c != null) {
                    out.add(c);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", base, e.toString());
        }
        return out;
    }

    /** When and how big {@code daemon_instance.json} was last written; {@code null} when it cannot be read. */
    public record Stamp(java.nio.file.attribute.FileTime modified, long size, Object fileKey) {
    }

    public Stamp stamp(Path dir) {
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(dir.resolve(InstanceLayout.CONFIG_FILE),
                    java.nio.file.attribute.BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (IOException e) {
            return null;
        }
    }

    /** One instance's config as {@link #loadAll()} reads it (uuid = directory name); {@code null} if invalid. */
    public InstanceSpec load(Path d) {
        String name = d.getFileName().toString();
        UUID id = LenientUuidDeserializer.parseLenient(name);
        if (id.equals(ZERO) || !id.toString().equalsIgnoreCase(name)) {
            LOG.warn("skipping {}: directory name is not an instance uuid", d);
            return null;
        }
        Path f = d.resolve(InstanceLayout.CONFIG_FILE);
        if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("skipping {}: no {}", d, InstanceLayout.CONFIG_FILE);
            return null;
        }
        if (!runAs.trusts(f)) {
            return null;
        }
        try {
            InstanceConfig c = mapper.readValue(f.toFile(), InstanceConfig.class);
            if (c == null || c.name() == null || c.target() == null || c.instanceType() == null
                    || c.targetType() == null) {
                LOG.warn("skipping {}: name, target, instance_type and target_type are required", f);
                return null;
            }
            if (c.uuid() != null && !c.uuid().equals(id)) {
                LOG.warn("{}: uuid {} differs from its directory; using {}", f, c.uuid(), id);
            }
            return ConfigDocument.spec(c).withUuid(id);
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping invalid {}: {}", f, e.getMessage());
            return null;
        }
    }
}
