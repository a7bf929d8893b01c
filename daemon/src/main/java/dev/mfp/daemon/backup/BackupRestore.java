package dev.mfp.daemon.backup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.operation.OperationContext;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.daemon.operation.OperationSnapshot;
import dev.mfp.daemon.operation.OperationStage;
import dev.mfp.daemon.operation.Operations;
import dev.mfp.daemon.plan.PlanSnapshot;
import dev.mfp.daemon.plan.Plans;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The confirmed restore of backups.md §3.4–§3.6, §4: a destructive {@code backup.restore} plan, confirmed by its
 * creator echoing the hash, executed as an operation that extracts into {@code instances/.restore-<hex>} and swaps
 * directories at its commit point, so a failure or kill leaves either the old or the restored directory in place.
 */
public final class BackupRestore {
    public static final String PLAN_KIND = "backup.restore";
    public static final String KIND_EXECUTE = "backup.restore.execute";
    static final List<String> PERMISSIONS = List.of("mcsl.backup.restore.plan", "mcsl.backup.restore.confirm",
            "mcsl.backup.restore.execute");

    private static final Logger LOG = LoggerFactory.getLogger(BackupRestore.class);

    private final BackupStore store;
    private final InstanceManager instances;
    private final Operations operations;
    private final Plans plans;

    public BackupRestore(BackupStore store, InstanceManager instances, Operations operations, Plans plans) {
        this.store = store;
        this.instances = instances;
        this.operations = operations;
        this.plans = plans;
    }

    /** §5 step 1: archives referenced by a live restore plan. */
    public boolean pinned(UUID archiveId) {
        return !plans.live(p -> PLAN_KIND.equals(p.kind())
                && archiveId.toString().equals(p.payload().path("archive_id").asText())).isEmpty();
    }

    /** §3.4. */
    public PlanSnapshot plan(UUID archiveId, UUID instanceId, String creator, String idempotencyKey,
            Duration expiry) throws IOException {
        BackupManifest m = store.get(archiveId);
        if (m == null) {
            throw new OperationError("backup.archive_not_found", DaemonErrorKind.NOT_FOUND, "no archive");
        }
        if (!m.instanceId().equals(instanceId)) {
            throw new OperationError("backup.instance_mismatch", DaemonErrorKind.VALIDATION, "other instance");
        }
        if (!instances.exists(instanceId)) {
            throw new OperationError("instance.not_found", DaemonErrorKind.NOT_FOUND, "no instance");
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("archive_id", archiveId.toString());
        payload.put("archive_sha256", m.sha256());
        PlanSnapshot draft = new PlanSnapshot(null, null, PLAN_KIND, PlanSnapshot.Status.BLOCKED, "destructive",
                PERMISSIONS, true, creator, null, null, List.of(), "vanilla", instanceId.toString(),
                m.instanceVersion(), archiveId.toString(), "none", null, null, payload, null, null);
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : "backup.restore:" + idempotencyKey;
        return plans.create(draft, creator, key, expiry);
    }

    /** §3.5. */
    public PlanSnapshot confirm(UUID planId, String hash, String principal) throws IOException {
        return plans.confirm(planId, PLAN_KIND, hash, principal);
    }

    /** §3.6: admission, then the operation; returns its accepted snapshot. */
    public OperationSnapshot execute(UUID planId, String executor) throws IOException {
        PlanSnapshot p = plans.admit(planId, PLAN_KIND, executor);
        UUID archiveId;
        String sha;
        try {
            archiveId = UUID.fromString(p.payload().get("archive_id").textValue());
            sha = p.payload().get("archive_sha256").textValue();
            if (sha == null || UUID.fromString(p.instanceName()) == null) {
                throw new IllegalArgumentException("no sha");
            }
        } catch (RuntimeException e) {
            plans.release(planId);
            throw new OperationError("backup.plan_payload_invalid", DaemonErrorKind.VALIDATION, e.toString());
        }
        UUID instanceId = UUID.fromString(p.instanceName());
        try {
            return operations.submit(KIND_EXECUTE, planId.toString(), executor,
                    ctx -> run(ctx, archiveId, sha, instanceId), terminal -> plans.consume(planId));
        } catch (RuntimeException e) {
            plans.release(planId);
            throw e;
        }
    }

    private String run(OperationContext ctx, UUID archiveId, String planSha, UUID instanceId) throws Exception {
        ctx.stage(OperationStage.VERIFYING);
        BackupManifest m = store.get(archiveId);
        Path zip = store.archive(archiveId);
        if (m == null || !Files.isRegularFile(zip, LinkOption.NOFOLLOW_LINKS)) {
            throw new OperationError("backup.archive_missing", DaemonErrorKind.CONFLICT, "The archive is missing.");
        }
        String actual = sha256(zip);
        if (!actual.equals(m.sha256()) || !actual.equals(planSha)) {
            throw new OperationError("backup.checksum_mismatch", DaemonErrorKind.CONFLICT,
                    "The archive does not match its checksum.");
        }
        Instance inst;
        try {
            inst = instances.get(instanceId);
        } catch (DaemonError e) {
            throw new OperationError("instance.not_found", DaemonErrorKind.NOT_FOUND, "The instance does not exist.");
        }
        try {
            return inst.whileStopped(() -> {
                if (!BackupService.stopped(inst.status())) {
                    throw new OperationError("instance.running", DaemonErrorKind.CONFLICT,
                            "The instance is not stopped.");
                }
                if (!inst.config().mcVersion().equals(m.instanceVersion())) {
                    throw new OperationError("backup.version_mismatch", DaemonErrorKind.CONFLICT,
                            "The instance version differs from the archive's.");
                }
                swap(ctx, inst, zip);
                return archiveId.toString();
            });
        } catch (DaemonError e) {
            throw new OperationError("instance.running", DaemonErrorKind.CONFLICT, "The instance is not stopped.");
        }
    }

    private void swap(OperationContext ctx, Instance inst, Path zip) throws Exception {
        Path work = inst.dir();
        Path parent = work.getParent();
        Path staging = parent.resolve(".restore-" + hex());
        Path retired = parent.resolve(".restore-old-" + hex());
        RestoreJournal journal = RestoreJournal.begin(store.dir(), inst.id(), staging, retired);
        boolean keepJournal = false;
        try {
            ctx.stage(OperationStage.EXTRACTING);
            try {
                extract(ctx, zip, staging);
            } catch (Exception e) {
                deleteTree(staging);
                throw e;
            }
            ctx.stage(OperationStage.INSTALLING);
            try {
                ctx.commitPoint();
            } catch (RuntimeException e) {
                deleteTree(staging);
                throw e;
            }
            try {
                moveWithRetry(work, retired);
            } catch (IOException e) {
                deleteTree(staging);
                throw new OperationError("backup.restore_swap_failed", DaemonErrorKind.INTERNAL,
                        "The instance directory could not be replaced.");
            }
            try {
                moveWithRetry(staging, work);
            } catch (IOException e) {
                try {
                    moveWithRetry(retired, work);
                } catch (IOException e2) {
                    keepJournal = true; // the next start moves the original back (RestoreJournal.recover)
                    throw new OperationError("backup.restore_manual_recovery_required", DaemonErrorKind.INTERNAL,
                            "The original instance directory is left in " + retired.getFileName() + ".");
                }
                deleteTree(staging);
                throw new OperationError("backup.restore_swap_failed", DaemonErrorKind.INTERNAL,
                        "The instance directory could not be replaced.");
            }
            deleteTree(retired); // failures ignored
        } finally {
            if (!keepJournal) {
                journal.end();
            }
        }
        ctx.stage(OperationStage.FINALIZING);
        instances.adoptConfigOnDisk(inst); // §3.6 SHOULD: reload the restored configuration
    }

    /**
     * At start, before the instances are loaded: puts back in one piece every instance whose restore an earlier
     * run was killed in the middle of (see {@link RestoreJournal}).
     */
    public static void recoverInterrupted(Path backupsDir, Path instancesDir) {
        RestoreJournal.recover(backupsDir, instancesDir);
    }

    /** Extracts regular-file entries only; an entry escaping {@code staging} is {@code backup.archive_entry_invalid}. */
    static void extract(OperationContext ctx, Path zip, Path staging) throws IOException {
        Files.createDirectories(staging);
        Path root = staging.toAbsolutePath().normalize();
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                ctx.checkCancelled();
                String name = e.getName();
                if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")
                        || name.contains("\0")) {
                    throw invalidEntry();
                }
                Path target = root.resolve(name).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw invalidEntry();
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                for (Path p = target.getParent(); !p.equals(root); p = p.getParent()) {
                    if (Files.isSymbolicLink(p)) {
                        throw invalidEntry();
                    }
                }
                Files.createDirectories(target.getParent());
                // a new regular file: never a link, whatever the entry claims to be
                Files.copy(in, target);
            }
        }
    }

    private static OperationError invalidEntry() {
        return new OperationError("backup.archive_entry_invalid", DaemonErrorKind.VALIDATION,
                "The archive contains an entry outside the instance directory.");
    }

    private static void moveWithRetry(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException first) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    private static String hex() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String sha256(Path p) throws IOException {
        MessageDigest d = BackupArchiver.sha256();
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
