package dev.mfp.daemon.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mfp.daemon.util.AtomicFiles;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code backups/index.json} and {@code backups/archives/<archive-id>.zip} (backups.md §6, decisions.md #20): the
 * manifest list (validated, rewritten atomically) and the retention algorithm of §5.
 */
public final class BackupStore {
    public static final String INDEX = "index.json";
    public static final String ARCHIVES = "archives";
    static final String TEMP_SUFFIX = ".zip.tmp";

    private static final Logger LOG = LoggerFactory.getLogger(BackupStore.class);
    /** Oldest first: {@code created_at}, then {@code archive_id} (§5 step 2). */
    static final Comparator<BackupManifest> OLDEST_FIRST = Comparator.comparing(BackupManifest::createdAt)
            .thenComparing(m -> m.archiveId().toString());

    private final Path dir;
    private final List<BackupManifest> manifests = new ArrayList<>();

    private BackupStore(Path dir) {
        this.dir = dir;
    }

    /** Loads the index and deletes archives without a manifest and left-over temp files (§6). */
    public static BackupStore open(Path dir) throws IOException {
        BackupStore s = new BackupStore(dir);
        Files.createDirectories(dir.resolve(ARCHIVES));
        Path index = dir.resolve(INDEX);
        if (Files.exists(index)) {
            try {
                for (JsonNode n : Json.mapper().readTree(Files.readAllBytes(index))) {
                    try {
                        s.manifests.add(BackupManifest.fromJson(n));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("backups/index.json: dropping an invalid manifest: {}", e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.warn("backups/index.json is unreadable: {}", e.toString());
            }
        }
        Set<String> known = new HashSet<>();
        s.manifests.forEach(m -> known.add(m.archiveId() + ".zip"));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve(ARCHIVES))) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!known.contains(name)) {
                    LOG.info("backups: deleting {} (no manifest)", name);
                    Files.deleteIfExists(p);
                }
            }
        }
        return s;
    }

    /** The {@code backups/} directory itself. */
    public Path dir() {
        return dir;
    }

    public Path archive(UUID archiveId) {
        return dir.resolve(ARCHIVES).resolve(archiveId + ".zip");
    }

    Path temp(UUID archiveId) {
        return dir.resolve(ARCHIVES).resolve(archiveId + TEMP_SUFFIX);
    }

    /** Sorted by {@code created_at} descending, then {@code archive_id} (§3.1); {@code instanceId} null = all. */
    public synchronized List<BackupManifest> list(UUID instanceId) {
        List<BackupManifest> out = new ArrayList<>();
        for (BackupManifest m : manifests) {
            if (instanceId == null || m.instanceId().equals(instanceId)) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(BackupManifest::createdAt).reversed()
                .thenComparing(m -> m.archiveId().toString()));
        return out;
    }

    public synchronized BackupManifest get(UUID archiveId) {
        return manifests.stream().filter(m -> m.archiveId().equals(archiveId)).findFirst().orElse(null);
    }

    /** Adds the manifest of an archive already renamed to its final name. */
    synchronized void add(BackupManifest m) throws IOException {
        manifests.add(m);
        try {
            writeIndex(manifests);
        } catch (IOException e) {
            manifests.remove(m);
            throw e;
        }
    }

    /**
     * The retention algorithm of §5 at {@code now}: returns the removed archive ids in removal order. The index is
     * rewritten before the zip files are deleted; a failed delete is logged (the zip is removed at the next start).
     */
    public synchronized List<UUID> prune(BackupSettings settings, Instant now, Predicate<UUID> pinned)
            throws IOException {
        List<BackupManifest> candidates = new ArrayList<>();
        for (BackupManifest m : manifests) {
            if (!pinned.test(m.archiveId())) {
                candidates.add(m);
            }
        }
        candidates.sort(OLDEST_FIRST);
        List<BackupManifest> kept = new ArrayList<>(manifests);
        List<BackupManifest> removed = new ArrayList<>();
        Instant horizon = now.minus(Duration.ofDays(settings.retentionDays()));
        for (BackupManifest m : List.copyOf(candidates)) {
            if (m.createdAt().isBefore(horizon)) {
                removed.add(m);
                candidates.remove(m);
                kept.remove(m);
            }
        }
        while (kept.size() > settings.maximumCount() && !candidates.isEmpty()) {
            BackupManifest m = candidates.remove(0);
            removed.add(m);
            kept.remove(m);
        }
        while (bytes(kept) > settings.maximumBytes() && !candidates.isEmpty()) {
            BackupManifest m = candidates.remove(0);
            removed.add(m);
            kept.remove(m);
        }
        if (removed.isEmpty()) {
            return List.of();
        }
        return drop(kept, removed);
    }

    /**
     * extensions.md §2 {@code keep_last}: removes the archives of {@code instanceId} beyond its newest {@code keep}
     * (by {@code created_at}, then {@code archive_id}); pinned archives are never removed but count as kept. Archives
     * of other instances are not looked at. Returns the removed ids, oldest first.
     */
    public synchronized List<UUID> keepNewest(UUID instanceId, int keep, Predicate<UUID> pinned) throws IOException {
        List<BackupManifest> mine = new ArrayList<>();
        for (BackupManifest m : manifests) {
            if (m.instanceId().equals(instanceId)) {
                mine.add(m);
            }
        }
        mine.sort(OLDEST_FIRST.reversed());
        List<BackupManifest> removed = new ArrayList<>();
        for (int i = Math.max(0, keep); i < mine.size(); i++) {
            if (!pinned.test(mine.get(i).archiveId())) {
                removed.add(mine.get(i));
            }
        }
        if (removed.isEmpty()) {
            return List.of();
        }
        removed.sort(OLDEST_FIRST);
        List<BackupManifest> kept = new ArrayList<>(manifests);
        kept.removeAll(removed);
        return drop(kept, removed);
    }

    /** The index first (a kill after it leaves an orphan archive, never a manifest without its archive), then the files. */
    private List<UUID> drop(List<BackupManifest> kept, List<BackupManifest> removed) throws IOException {
        writeIndex(kept);
        manifests.clear();
        manifests.addAll(kept);
        List<UUID> ids = new ArrayList<>();
        for (BackupManifest m : removed) {
            ids.add(m.archiveId());
            try {
                Files.deleteIfExists(archive(m.archiveId()));
            } catch (IOException e) {
                LOG.warn("backups: {} not deleted: {}", m.archiveId(), e.toString());
            }
        }
        return ids;
    }

    private static long bytes(List<BackupManifest> list) {
        long sum = 0;
        for (BackupManifest m : list) {
            sum += m.compressedSizeBytes();
        }
        return sum;
    }

    private void writeIndex(List<BackupManifest> list) throws IOException {
        List<BackupManifest> sorted = new ArrayList<>(list);
        sorted.sort(OLDEST_FIRST);
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        sorted.forEach(m -> arr.add(m.toJson()));
        AtomicFiles.write(dir.resolve(INDEX), Json.mapper().writeValueAsBytes(arr));
    }
}
