package dev.mfp.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention algorithm of backups.md §5 and the storage rules of §6, in-process. */
class BackupStoreTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path dir;

    private BackupManifest add(BackupStore s, Instant created, long bytes) throws Exception {
        UUID id = UUID.randomUUID();
        Files.writeString(s.archive(id), "zip");
        BackupManifest m = new BackupManifest(id, UUID.randomUUID(), "n", 1, "1.21.4", null, created, List.of(), 0,
                bytes, "deflate", "0".repeat(64));
        s.add(m);
        return m;
    }

    @Test
    void ageThenCountThenBytesOldestFirstPinnedNeverRemoved() throws Exception {
        BackupStore s = BackupStore.open(dir);
        BackupManifest ancient = add(s, NOW.minus(Duration.ofDays(40)), 10);
        BackupManifest pinned = add(s, NOW.minus(Duration.ofDays(50)), 10);
        BackupManifest a = add(s, NOW.minus(Duration.ofDays(3)), 100);
        BackupManifest b = add(s, NOW.minus(Duration.ofDays(2)), 100);
        BackupManifest c = add(s, NOW.minus(Duration.ofDays(1)), 100);
        BackupManifest e = add(s, NOW, 100);
        // 30 days: ancient goes; count 4 (pinned counts): a goes; bytes 250: b goes (10 + 100 + 100 = 210)
        List<UUID> removed = s.prune(new BackupSettings(30, 4, 250), NOW, id -> id.equals(pinned.archiveId()));
        assertThat(removed).containsExactly(ancient.archiveId(), a.archiveId(), b.archiveId());
        assertThat(s.list(null)).extracting(BackupManifest::archiveId)
                .containsExactly(e.archiveId(), c.archiveId(), pinned.archiveId());
        assertThat(s.archive(a.archiveId())).doesNotExist();
        assertThat(s.archive(c.archiveId())).exists();
        // persisted: a reopen sees the same list
        assertThat(BackupStore.open(dir).list(null)).hasSize(3);
        // no longer pinned: now it is just old
        assertThat(s.prune(new BackupSettings(30, 4, 250), NOW, id -> false)).containsExactly(pinned.archiveId());
        assertThat(s.prune(new BackupSettings(30, 4, 250), NOW, id -> false)).isEmpty();
    }

    @Test
    void archivesWithoutAManifestAndTempFilesAreDeletedAtOpen() throws Exception {
        BackupStore s = BackupStore.open(dir);
        BackupManifest kept = add(s, NOW, 1);
        Path orphan = s.archive(UUID.randomUUID());
        Files.writeString(orphan, "x");
        Path temp = s.temp(UUID.randomUUID());
        Files.writeString(temp, "x");
        BackupStore again = BackupStore.open(dir);
        assertThat(orphan).doesNotExist();
        assertThat(temp).doesNotExist();
        assertThat(again.archive(kept.archiveId())).exists();
        assertThat(again.get(kept.archiveId())).isEqualTo(kept);
    }
}
