package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.protocol.model.DirectoryEntry;
import dev.mfp.protocol.model.DirectoryInformation;
import dev.mfp.protocol.model.DirectoryMetadata;
import dev.mfp.protocol.model.FileInformation;
import dev.mfp.protocol.model.FileMetadata;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilesTest {
    private static final long CREATED = Instant.parse("2026-08-08T13:24:13Z").getEpochSecond();
    private static final FileMetadata FILE = new FileMetadata(CREATED, false, CREATED + 2, CREATED + 1, true, 1234);
    private static final DirectoryMetadata DIR = new DirectoryMetadata(CREATED, true, CREATED, CREATED + 60);

    @Test
    void fileInfoWritesDateTimeStrings() {
        var json = Wire.tree(V2Models.fileInfo(FILE));
        assertThat(json).isEqualTo(Wire.parse("{\"meta\":{\"creation_time\":\"2026-08-08T13:24:13+00:00\","
                + "\"hidden\":false,\"last_access_time\":\"2026-08-08T13:24:15+00:00\","
                + "\"last_write_time\":\"2026-08-08T13:24:14+00:00\",\"read_only\":true,\"size\":1234}}"));
    }

    @Test
    void directoryInfoHasTheListingMembers() {
        var v1 = new DirectoryEntry("instances/x", List.of(new FileInformation("server.jar", FILE)),
                List.of(new DirectoryInformation(".cache", DIR)));
        var json = Wire.tree(V2Models.directoryInfo(v1));
        assertThat(Wire.names(json)).containsExactly("parent", "files", "directories");
        assertThat(json.get("parent").asText()).isEqualTo("instances/x");
        assertThat(json.get("files").get(0)).isEqualTo(Wire.parse("{\"name\":\"server.jar\",\"meta\":"
                + Wire.tree(V2Models.fileMetadata(FILE)) + "}"));
        assertThat(json.get("directories").get(0)).isEqualTo(Wire.parse("{\"name\":\".cache\",\"meta\":"
                + "{\"creation_time\":\"2026-08-08T13:24:13+00:00\",\"hidden\":true,"
                + "\"last_access_time\":\"2026-08-08T13:24:13+00:00\","
                + "\"last_write_time\":\"2026-08-08T13:25:13+00:00\"}}"));
    }

    @Test
    void parentIsNullForTheRootAndItsDirectChildren() {
        for (String v1Parent : new String[] {null, ""}) {
            var json = Wire.tree(V2Models.directoryInfo(new DirectoryEntry(v1Parent, List.of(), List.of())));
            assertThat(json.has("parent")).isTrue();
            assertThat(json.get("parent").isNull()).isTrue();
            assertThat(json.get("files")).isEqualTo(Wire.parse("[]"));
        }
    }

    @Test
    void subSecondTimesKeepTheirTicks() {
        var t = Instant.parse("2026-08-08T13:24:13.5Z");
        var meta = new dev.mfp.protocol.v2.model.DirectoryMetadata(t, false, t, t);
        assertThat(Wire.tree(meta).get("creation_time").asText()).isEqualTo("2026-08-08T13:24:13.5+00:00");
    }
}
