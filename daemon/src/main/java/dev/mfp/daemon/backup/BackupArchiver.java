package dev.mfp.daemon.backup;

import dev.mfp.daemon.operation.OperationContext;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.daemon.operation.OperationProgress;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.DoubleUnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the archive of backups.md §1: every regular file below the instance directory as a deflated entry named
 * by its {@code /}-separated relative path; names starting with {@code .instance-update-}, {@code .removing-} or
 * {@code .restore-} are skipped at any depth; a symbolic link anywhere fails the archive before anything is
 * written (links are never followed). The zip goes to {@code <id>.zip.tmp} and is renamed to {@code <id>.zip}
 * only when complete, so a kill never leaves a partial archive under the final name.
 */
final class BackupArchiver {
    static final String CONFIG_FILE = "daemon_instance.json";
    private static final List<String> SKIPPED = List.of(".instance-update-", ".removing-", ".restore-");
    private static final int CHUNK = 64 * 1024;
    private static final long PUBLISH_MILLIS = 100;

    private BackupArchiver() {
    }

    /** The files to archive, in walk order; fails on a symbolic link. */
    static List<BackupManifest.FileEntry> scan(Path instanceDir) throws IOException {
        if (Files.isSymbolicLink(instanceDir) || !Files.isDirectory(instanceDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new OperationError("backup.instance_directory_missing", DaemonErrorKind.NOT_FOUND,
                    "The instance directory does not exist.");
        }
        List<BackupManifest.FileEntry> files = new ArrayList<>();
        Files.walkFileTree(instanceDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                if (!d.equals(instanceDir) && skipped(d)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                if (skipped(f)) {
                    return FileVisitResult.CONTINUE;
                }
                if (a.isSymbolicLink() || a.isOther() && Files.isSymbolicLink(f)) {
                    throw new OperationError("operation.failed", DaemonErrorKind.INTERNAL,
                            "The instance directory contains a symbolic link: " + relative(instanceDir, f));
                }
                if (a.isRegularFile()) {
                    files.add(new BackupManifest.FileEntry(relative(instanceDir, f), a.size()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    /**
     * Writes and renames the archive; returns its manifest. {@code weight} maps the archive's own fraction (0…1)
     * to the operation's published {@code completed}. Cancellation is checked between chunks up to the rename (the
     * commit point); on any failure the temp file is deleted.
     */
    static BackupManifest write(BackupStore store, UUID instanceId, String name, String version, Path instanceDir,
            OperationContext ctx, DoubleUnaryOperator weight, String unit, Instant now) throws IOException {
        List<BackupManifest.FileEntry> files = scan(instanceDir);
        long total = files.stream().mapToLong(BackupManifest.FileEntry::sizeBytes).sum();
        UUID archiveId = UUID.randomUUID();
        Path temp = store.temp(archiveId);
        Path target = store.archive(archiveId);
        MessageDigest zipDigest = sha256();
        String configSha = null;
        long done = 0;
        long lastPublish = 0;
        List<BackupManifest.FileEntry> written = new ArrayList<>();
        boolean ok = false;
        try {
            CountingOutputStream counted;
            // the deflater hands out 512-byte pieces: buffered, the digest and the file see 64 KiB writes
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    DigestOutputStream dig = new DigestOutputStream(Channels.newOutputStream(ch), zipDigest);
                    CountingOutputStream cnt = new CountingOutputStream(dig);
                    ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(cnt, CHUNK))) {
                counted = cnt;
                zip.setMethod(ZipOutputStream.DEFLATED);
                zip.setLevel(Deflater.DEFAULT_COMPRESSION);
                byte[] buf = new byte[CHUNK];
                for (BackupManifest.FileEntry f : files) {
                    ctx.checkCancelled();
                    Path p = instanceDir.resolve(f.relativePath());
                    boolean isConfig = f.relativePath().equals(CONFIG_FILE);
                    MessageDigest cfg = isConfig ? sha256() : null;
                    long size = 0;
                    zip.putNextEntry(new ZipEntry(f.relativePath()));
                    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            ctx.checkCancelled();
                            zip.write(buf, 0, n);
                            if (cfg != null) {
                                cfg.update(buf, 0, n);
                            }
                            size += n;
                            done += n;
                        }
                    }
                    zip.closeEntry();
                    written.add(new BackupManifest.FileEntry(f.relativePath(), size));
                    if (cfg != null) {
                        configSha = HexFormat.of().formatHex(cfg.digest());
                    }
                    long t = System.currentTimeMillis();
                    if (t - lastPublish >= PUBLISH_MILLIS) {
                        lastPublish = t;
                        double fraction = total == 0 ? 1 : (double) done / total;
                        ctx.progress(progress(weight.applyAsDouble(fraction), unit).withBytes(done, total));
                    }
                }
                zip.finish();
                zip.flush();
                ch.force(true); // on disk before the index names it: a power cut must not leave a torn archive
            }
            ctx.commitPoint(); // after the rename the archive exists; a cancel no longer changes the outcome
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            long totalWritten = written.stream().mapToLong(BackupManifest.FileEntry::sizeBytes).sum();
            BackupManifest m = new BackupManifest(archiveId, instanceId, name, BackupManifest.VERSION, version,
                    configSha, now, List.copyOf(written), totalWritten, counted.count, BackupManifest.DEFLATE,
                    HexFormat.of().formatHex(zipDigest.digest()));
            try {
                store.add(m);
            } catch (IOException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            ctx.progress(progress(weight.applyAsDouble(1), unit).withBytes(done, total));
            ok = true;
            return m;
        } finally {
            if (!ok) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static OperationProgress progress(double completed, String unit) {
        return "weight".equals(unit) ? OperationProgress.weight(completed) : OperationProgress.steps(completed);
    }

    static boolean skipped(Path p) {
        String n = p.getFileName().toString();
        for (String s : SKIPPED) {
            if (n.startsWith(s)) {
                return true;
            }
        }
        return false;
    }

    static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
