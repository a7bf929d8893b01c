package dev.mfp.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {
    @TempDir
    Path dir;

    @Test
    void createsDefaultsWithRandomSecretsReadableByTheOwnerOnly() throws Exception {
        Path file = dir.resolve("config.json");
        DaemonConfig c = ConfigStore.loadOrCreate(file);
        assertThat(c.port()).isEqualTo(11452);
        assertThat(c.mainToken()).matches("[A-Za-z0-9]{32}");
        assertThat(c.secret()).matches("[A-Za-z0-9]{32}").isNotEqualTo(c.mainToken());
        assertThat(c.fileDownloadSessions()).isEqualTo(3);
        assertThat(c.verbose()).isFalse();
        assertThat(c.uploadChunkEncoding()).isEqualTo("utf16be");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ConfigStore.loadOrCreate(file)).isEqualTo(c);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("config.json");
        }
    }

    @Test
    void keepsEveryValueAndUnknownKeyAndFillsWhatIsMissing() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"port\":12000,\"main_token\":\"keepme\",\"verbose\":true,\"operator_note\":\"hi\"}");
        DaemonConfig c = ConfigStore.loadOrCreate(file);
        assertThat(c.port()).isEqualTo(12000);
        assertThat(c.mainToken()).isEqualTo("keepme");
        assertThat(c.verbose()).isTrue();
        JsonNode written = Json.mapper().readTree(Files.readString(file));
        assertThat(written.get("operator_note").asText()).isEqualTo("hi");
        assertThat(written.get("secret").asText()).matches("[A-Za-z0-9]{32}");
        assertThat(written.get("upload_chunk_encoding").asText()).isEqualTo("utf16be");
    }

    @Test
    void rejectsBrokenFilesWithoutTouchingThem() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"port\":\"many\"}");
        assertThatThrownBy(() -> ConfigStore.loadOrCreate(file)).isInstanceOf(IOException.class);
        assertThat(Files.readString(file)).isEqualTo("{\"port\":\"many\"}");
        Files.writeString(file, "[]");
        assertThatThrownBy(() -> ConfigStore.loadOrCreate(file)).isInstanceOf(IOException.class);
        Files.writeString(file, "{\"port\":70000}");
        assertThatThrownBy(() -> ConfigStore.loadOrCreate(file)).isInstanceOf(IOException.class);
        Files.writeString(file, "{\"upload_chunk_encoding\":\"hex\"}");
        assertThatThrownBy(() -> ConfigStore.loadOrCreate(file)).isInstanceOf(IOException.class);
    }
}
