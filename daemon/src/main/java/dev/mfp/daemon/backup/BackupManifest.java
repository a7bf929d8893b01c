package dev.mfp.daemon.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.protocol.v2.model.V2Times;
import dev.mfp.protocol.v2.rpc.DateTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A BackupArchiveManifest (backups.md §1). */
public record BackupManifest(UUID archiveId, UUID instanceId, String instanceName, int manifestVersion,
        String instanceVersion, String configSha256, Instant createdAt, List<FileEntry> files, long totalSizeBytes,
        long compressedSizeBytes, String compressionMethod, String sha256) {
    public static final int VERSION = 1;
    public static final String DEFLATE = "deflate";

    public record FileEntry(String relativePath, long sizeBytes) {
    }

    /** The wire form, every member present ({@code config_sha256} may be null). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("archive_id", archiveId.toString());
        o.put("instance_id", instanceId.toString());
        o.put("instance_name", instanceName);
        o.put("manifest_version", manifestVersion);
        o.put("instance_version", instanceVersion);
        o.put("config_sha256", configSha256);
        o.put("created_at", V2Times.format(createdAt));
        ArrayNode f = o.putArray("files");
        for (FileEntry e : files) {
            f.addObject().put("relative_path", e.relativePath()).put("size_bytes", e.sizeBytes());
        }
        o.put("total_size_bytes", totalSizeBytes);
        o.put("compressed_size_bytes", compressedSizeBytes);
        o.put("compression_method", compressionMethod);
        o.put("sha256", sha256);
        return o;
    }

    /** Reads and validates a stored manifest; throws {@link IllegalArgumentException} if it is not one. */
    public static BackupManifest fromJson(JsonNode o) {
        try {
            List<FileEntry> files = new ArrayList<>();
            for (JsonNode f : o.get("files")) {
                files.add(new FileEntry(f.get("relative_path").textValue(), f.get("size_bytes").longValue()));
            }
            JsonNode cfg = o.get("config_sha256");
            BackupManifest m = new BackupManifest(UUID.fromString(o.get("archive_id").textValue()),
                    UUID.fromString(o.get("instance_id").textValue()), o.get("instance_name").textValue(),
                    o.get("manifest_version").intValue(), o.get("instance_version").textValue(),
                    cfg == null || cfg.isNull() ? null : cfg.textValue(),
                    DateTimes.parseInstant(o.get("created_at").textValue()), List.copyOf(files),
                    o.get("total_size_bytes").longValue(), o.get("compressed_size_bytes").longValue(),
                    o.get("compression_method").textValue(), o.get("sha256").textValue());
            if (m.manifestVersion != VERSION || m.sha256 == null || !m.sha256.matches("[0-9a-f]{64}")
                    || m.instanceName == null || m.instanceVersion == null) {
                throw new IllegalArgumentException("invalid manifest " + o);
            }
            return m;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid manifest: " + e, e);
        }
    }
}
