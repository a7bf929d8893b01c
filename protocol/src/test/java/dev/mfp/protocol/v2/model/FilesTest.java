package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilesTest {
    private static final Instant CREATED = Instant.parse("2026-08-08T13:24:13Z");
    private static final FileMetadata FILE = new FileMetadata(CREATED, false, CREATED.plusSeconds(2),
            CREATED.plusSeconds(1), true, 1234);
    private static final String FILE_JSON = "{\"creation_time\":\"2026-08-08T13:24:13+00:00\","
            + "\"hidden\":false,\"last_access_time\":\"2026-08-08T13:24:15+00:00\","
            + "\"last_write_time\":\"2026-08-08T13:24:14+00:00\",\"read_only\":true,\"size\":1234}";
    private static final DirectoryMetadata DIR = new DirectoryMetadata(CREATED, true, CREATED, CREATED.plusSeconds(60));

    @Test
    void fileInfoWritesDateTimeStrings() {
        var json = Wire.tree(new FileInfo(FILE));
        assertThat(json).isEqualTo(Wire.parse("{\"meta\":" + FILE_JSON + "}"));
    }

    @Test
    void directoryInfoHasTheListingMembers() {
        var info = new DirectoryInfo("instances/x", List.of(new FileEntry("server.jar", FILE)),
                List.of(new DirectoryEntry(".cache", DIR)));
        var json = Wire.tree(info);
        assertThat(Wire.names(json)).containsExactly("parent", "files", "directories");
        assertThat(json.get("parent").asText()).isEqualTo("instances/x");
        assertThat(json.get("files").get(0)).isEqualTo(Wire.parse("{\"name\":\"server.jar\",\"meta\":"
                + FILE_JSON + "}"));
        assertThat(json.get("directories").get(0)).isEqualTo(Wire.parse("{\"name\":\".cache\",\"meta\":"
                + "{\"creation_time\":\"2026-08-08T13:24:13+00:00\",\"hidden\":true,"
                + "\"last_access_time\":\"2026-08-08T13:24:13+00:00\","
                + "\"last_write_time\":\"2026-08-08T13:25:13+00:00\"}}"));
    }

    @Test
    void aNullParentIsWritten() {
        var json = Wire.tree(new DirectoryInfo(null, List.of(), List.of()));
        assertThat(json.has("parent")).isTrue();
        assertThat(json.get("parent").isNull()).isTrue();
        assertThat(json.get("files")).isEqualTo(Wire.parse("[]"));
    }

    @Test
    void subSecondTimesKeepTheirTicks() {
        var t = Instant.parse("2026-08-08T13:24:13.5Z");
        var meta = new DirectoryMetadata(t, false, t, t);
        assertThat(Wire.tree(meta).get("creation_time").asText()).isEqualTo("2026-08-08T13:24:13.5+00:00");
    }
}
