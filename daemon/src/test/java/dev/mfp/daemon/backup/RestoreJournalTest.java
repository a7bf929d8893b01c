package dev.mfp.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every state a kill can leave a restore in (backups.md §3.6, issue #9 "a daemon kill at any moment of a restore
 * leaves either the old directory or the restored one"), put back in one piece at the next start.
 */
class RestoreJournalTest {
    @TempDir
    Path tmp;
    Path backups;
    Path instances;
    UUID id = UUID.randomUUID();
    Path work;
    Path staging;
    Path retired;

    @BeforeEach
    void layout() throws Exception {
        backups = Files.createDirectories(tmp.resolve("backups"));
        instances = Files.createDirectories(tmp.resolve("instances"));
        work = instances.resolve(id.toString());
        staging = instances.resolve(".restore-" + "a".repeat(32));
        retired = instances.resolve(".restore-old-" + "b".repeat(32));
    }

    private static void tree(Path dir, String marker) throws Exception {
        Files.createDirectories(dir.resolve("world"));
        Files.writeString(dir.resolve("marker.txt"), marker);
        Files.writeString(dir.resolve("world/level.dat"), marker + "-level");
    }

    private String marker() throws Exception {
        return Files.readString(work.resolve("marker.txt"));
    }

    private String[] left() throws Exception {
        try (Stream<Path> s = Files.list(instances)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    private boolean journalLeft() throws Exception {
        Path dir = backups.resolve(RestoreJournal.DIR);
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    @Test
    void killedDuringTheExtractionKeepsTheOriginalAndDropsTheStaging() throws Exception {
        tree(work, "old");
        RestoreJournal.begin(backups, id, staging, retired);
        tree(staging, "new"); // half extracted
        RestoreJournal.recover(backups, instances);
        assertThat(marker()).isEqualTo("old");
        assertThat(left()).containsExactly(id.toString());
        assertThat(journalLeft()).isFalse();
    }

    @Test
    void killedBetweenTheTwoMovesPutsTheOriginalBack() throws Exception {
        tree(work, "old");
        RestoreJournal.begin(backups, id, staging, retired);
        tree(staging, "new");
        Files.move(work, retired); // first move done, second not
        RestoreJournal.recover(backups, instances);
        assertThat(marker()).isEqualTo("old");
        assertThat(Files.readString(work.resolve("world/level.dat"))).isEqualTo("old-level");
        assertThat(left()).containsExactly(id.toString());
        assertThat(journalLeft()).isFalse();
    }

    @Test
    void killedAfterTheSwapKeepsTheRestoredDirectory() throws Exception {
        tree(work, "old");
        RestoreJournal.begin(backups, id, staging, retired);
        tree(staging, "new");
        Files.move(work, retired);
        Files.move(staging, work); // swap done, retired tree not yet deleted
        RestoreJournal.recover(backups, instances);
        assertThat(marker()).isEqualTo("new");
        assertThat(left()).containsExactly(id.toString());
        assertThat(journalLeft()).isFalse();
    }

    @Test
    void killedBeforeAnythingWasCreatedChangesNothing() throws Exception {
        tree(work, "old");
        RestoreJournal.begin(backups, id, staging, retired);
        RestoreJournal.recover(backups, instances);
        assertThat(marker()).isEqualTo("old");
        assertThat(left()).containsExactly(id.toString());
        assertThat(journalLeft()).isFalse();
    }

    @Test
    void anUnreadableJournalDeletesNothing() throws Exception {
        tree(work, "old");
        tree(staging, "new");
        Path j = Files.createDirectories(backups.resolve(RestoreJournal.DIR)).resolve(id + ".json");
        Files.writeString(j, "{\"instance_id\": \"" + id + "\", \"staging\": ");
        RestoreJournal.recover(backups, instances);
        assertThat(left()).containsExactly(staging.getFileName().toString(), id.toString());
        assertThat(j).exists();
    }

    @Test
    void aJournalNamingDirectoriesOutsideTheInstancesIsIgnored() throws Exception {
        tree(work, "old");
        Path outside = Files.createDirectories(tmp.resolve("precious"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        Path j = Files.createDirectories(backups.resolve(RestoreJournal.DIR)).resolve(id + ".json");
        Files.writeString(j, "{\"instance_id\":\"" + id + "\",\"staging\":\".restore-/../../precious\","
                + "\"retired\":\".restore-old-x\"}");
        RestoreJournal.recover(backups, instances);
        assertThat(outside.resolve("keep.txt")).hasContent("keep");
        assertThat(marker()).isEqualTo("old");
        Files.writeString(j, "{\"instance_id\":\"" + id + "\",\"staging\":\".restore-old-c\","
                + "\"retired\":\".restore-old-d\"}");
        tree(instances.resolve(".restore-old-c"), "someone's original");
        RestoreJournal.recover(backups, instances);
        assertThat(instances.resolve(".restore-old-c/marker.txt")).hasContent("someone's original");
    }
}
