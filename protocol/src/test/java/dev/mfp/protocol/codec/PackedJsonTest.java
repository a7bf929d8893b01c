package dev.mfp.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedJsonTest {
    @Test
    void everyCodeUnitRoundTripsAndMatchesTheMapperUpToTheEscapeOfDel() throws Exception {
        byte[] all = new byte[2 * 65536];
        for (int u = 0; u < 65536; u++) {
            all[2 * u] = (byte) (u >>> 8);
            all[2 * u + 1] = (byte) u;
        }
        String quoted = new String(PackedJson.quoted(all, 0, all.length), StandardCharsets.ISO_8859_1);
        assertThat(quoted.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
        assertThat(PackedJson.quotedLength(all, 0, all.length)).isEqualTo(quoted.length());
        assertThat(Json.mapper().readTree(quoted).textValue()).isEqualTo(Utf16Packing.encode(all));
        String viaMapper = Json.mapper().writeValueAsString(Utf16Packing.encode(all));
        assertThat(quoted).isEqualTo(viaMapper.replace("\u007f", "\\u007F"));
    }

    @Test
    void randomBytesOddAndEvenLengthsAndOffsets() throws Exception {
        Random r = new Random(7);
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 1000, 1001, 65537}) {
            byte[] b = new byte[n + 3];
            r.nextBytes(b);
            for (int off = 0; off < 3; off++) {
                String quoted = new String(PackedJson.quoted(b, off, n), StandardCharsets.ISO_8859_1);
                assertThat(Json.mapper().readTree(quoted).textValue()).isEqualTo(Utf16Packing.encode(b, off, n));
                assertThat(PackedJson.quotedLength(b, off, n)).isEqualTo(quoted.length());
            }
        }
    }

    @Test
    void serializesAsAStringMemberThroughTheMapper() throws Exception {
        byte[] b = {0x00, 0x22, 0x00, 0x5C, (byte) 0xD8, 0x00, 0x41};
        String json = Json.mapper().writeValueAsString(Map.of("content", new PackedJson.Packed(b)));
        assertThat(json).isEqualTo("{\"content\":\"\\\"\\\\\\uD800\\u4100\"}");
        assertThat(new String(Json.mapper().writeValueAsBytes(Map.of("content", new PackedJson.Packed(b))),
                StandardCharsets.UTF_8)).isEqualTo(json);
        JsonNode n = Json.mapper().readTree(json);
        assertThat(Utf16Packing.decode(n.get("content").textValue())).containsExactly(0x00, 0x22, 0x00, 0x5C,
                (byte) 0xD8, 0x00, 0x41, 0x00);
    }
}
