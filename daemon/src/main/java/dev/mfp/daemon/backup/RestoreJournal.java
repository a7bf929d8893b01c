package dev.mfp.daemon.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.util.AtomicFiles;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a restore in progress is about to do to {@code instances/}: written before the extraction starts and deleted
 * when the swap is over, so that a daemon killed at any moment of a restore can tell at its next start which of
 * the three directories (the working one, the staging {@code .restore-<hex>}, the retired {@code .restore-old-<hex>})
 * holds the instance, and leave it whole: the old directory if the swap had not finished, the restored one if it
 * had. The directory names alone cannot say which instance a retired tree belongs to.
 */
final class RestoreJournal {
    static final String DIR = "restoring";

    private static final Logger LOG = LoggerFactory.getLogger(RestoreJournal.class);

    private final Path file;

    private RestoreJournal(Path file) {
        this.file = file;
    }

    /** Records, before anything is created, the three directories of one restore. */
    static RestoreJournal begin(Path backupsDir, UUID instanceId, Path staging, Path retired) throws IOException {
        Path dir = backupsDir.resolve(DIR);
        Files.createDirectories(dir);
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("instance_id", instanceId.toString());
        n.put("staging", staging.getFileName().toString());
        n.put("retired", retired.getFileName().toString());
        Path f = dir.resolve(instanceId + ".json");
        AtomicFiles.writeOwnerOnly(f, Json.mapper().writeValueAsBytes(n));
        return new RestoreJournal(f);
    }

    /** The restore is over (either way) and its directories are where they belong. */
    void end() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.toString());
        }
    }

    /**
     * At start, before the instances are loaded: finishes or rolls back every restore an earlier run left in the
     * middle. Working directory present → the swap had not begun or had finished: the staging and retired trees are
     * deleted. Working directory missing while the retired tree exists → the kill fell between the two moves: the
     * retired (original) directory is moved back. A journal that cannot be read is kept and logged, and the trees it
     * might name are left alone (nothing is deleted on a guess).
     */
    static void recover(Path backupsDir, Path instancesDir) {
        Path dir = backupsDir.resolve(DIR);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : ds) {
                recoverOne(f, instancesDir);
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.toString());
        }
    }

    private static void recoverOne(Path f, Path instancesDir) {
        Path work;
        Path staging;
        Path retired;
        try {
            JsonNode n = Json.mapper().readTree(Files.readAllBytes(f));
            UUID id = UUID.fromString(n.path("instance_id").asText());
            work = instancesDir.resolve(id.toString());
            staging = child(instancesDir, n.path("staging").asText(), ".restore-");
            retired = child(instancesDir, n.path("retired").asText(), ".restore-old-");
        } catch (IOException | RuntimeException e) {
            LOG.error("restore journal {} is unreadable ({}); its directories are left for a person to check", f,
                    e.toString());
            return;
        }
        boolean workThere = Files.exists(work, LinkOption.NOFOLLOW_LINKS);
        boolean retiredThere = Files.exists(retired, LinkOption.NOFOLLOW_LINKS);
        try {
            if (!workThere && retiredThere) {
                Files.move(retired, work, StandardCopyOption.ATOMIC_MOVE);
                LOG.warn("restore of {} was interrupted during the swap: the original directory is back", work
                        .getFileName());
            } else if (workThere && retiredThere) {
                LOG.info("restore of {} had completed; deleting the retired directory", work.getFileName());
            } else {
                LOG.warn("restore of {} was interrupted before the swap: the instance is unchanged",
                        work.getFileName());
            }
        } catch (IOException e) {
            LOG.error("cannot move {} back to {}: {}; the original stays there", retired.getFileName(),
                    work.getFileName(), e.toString());
            return; // keep the journal: the next start tries again
        }
        BackupRestore.deleteTree(staging);
        if (Files.exists(work, LinkOption.NOFOLLOW_LINKS)) {
            BackupRestore.deleteTree(retired);
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", f, e.toString());
        }
    }

    /** A name the journal holds, accepted only as a direct child of {@code instances/} with the expected prefix. */
    private static Path child(Path instancesDir, String name, String prefix) {
        if (!name.startsWith(prefix) || name.contains("/") || name.contains("\\") || name.contains("..")
                || (prefix.equals(".restore-") && name.startsWith(".restore-old-"))) {
            throw new IllegalArgumentException("bad directory name " + name);
        }
        return instancesDir.resolve(name);
    }
}
