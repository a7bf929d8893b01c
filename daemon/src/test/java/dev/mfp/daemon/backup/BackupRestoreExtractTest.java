package dev.mfp.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mfp.daemon.operation.OperationContext;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.daemon.operation.OperationProgress;
import dev.mfp.daemon.operation.OperationStage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zip-slip refusal of the restore's extraction (backups.md §3.6 step 3). */
class BackupRestoreExtractTest {
    @TempDir
    Path dir;

    private static final OperationContext CTX = new OperationContext() {
        @Override
        public UUID operationId() {
            return UUID.randomUUID();
        }

        @Override
        public void stage(OperationStage stage) {
        }

        @Override
        public void progress(OperationProgress progress) {
        }

        @Override
        public boolean cancelRequested() {
            return false;
        }

        @Override
        public void commitPoint() {
        }
    };

    private Path zip(String... names) throws Exception {
        Path z = dir.resolve(UUID.randomUUID() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
            for (String n : names) {
                out.putNextEntry(new ZipEntry(n));
                out.write(n.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return z;
    }

    @Test
    void entriesEscapingTheStagingDirectoryAreRefused() throws Exception {
        for (String evil : new String[] {"../evil.txt", "a/../../evil.txt", "/abs.txt", "a\\..\\evil.txt",
                "C:/x.txt"}) {
            Path staging = dir.resolve("stage-" + UUID.randomUUID());
            OperationError e = catchThrowableOfType(OperationError.class,
                    () -> BackupRestore.extract(CTX, zip("ok.txt", evil), staging));
            assertThat(e).as(evil).isNotNull();
            assertThat(e.code()).isEqualTo("backup.archive_entry_invalid");
        }
        assertThat(dir.resolve("evil.txt")).doesNotExist();
        assertThat(dir.getParent().resolve("evil.txt")).doesNotExist();
    }

    @Test
    void regularEntriesAreExtractedBelowStaging() throws Exception {
        Path staging = dir.resolve("stage");
        BackupRestore.extract(CTX, zip("a.txt", "w/region/r.mca"), staging);
        assertThat(Files.readString(staging.resolve("w/region/r.mca"))).isEqualTo("w/region/r.mca");
        assertThat(Files.isSymbolicLink(staging.resolve("a.txt"))).isFalse();
    }
}
