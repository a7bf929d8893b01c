package dev.mfp.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The fast scan may only accept what the protocol mapper accepts, with the same member values: it is checked here
 * against Jackson on hand-picked frames and on a bounded number of random mutations of them.
 */
class EnvelopeScanTest {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final EnvelopeScan.Names NAMES = new EnvelopeScan.Names("action", "id", "params");
    private static final String[] NAME = {"action", "id", "params"};

    private static final List<String> FRAMES = List.of(
            "{\"action\":\"ping\",\"params\":{},\"id\":\"9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a\"}",
            " \r\n\t{ \"action\" : \"file_list\" , \"params\" : { \"path\" : \"/a b\\u00e9\\n\" , \"n\" : [1,-0,2.5e+3,true,false,null,{}] } , \"id\" : \"x\" } \n",
            "{}",
            "{ }",
            "{\"id\":1}",
            "{\"params\":null,\"action\":\"a\",\"id\":\"b\",\"extra\":[[[]]]}",
            "{\"action\":\"p\\u0069ng\",\"id\":\"i\"}",
            "{\"action\":\"ping\",\"id\":\"\"}",
            "{\"a\":\"\u00e9\u4e2d\",\"id\":\"q\"}",
            "{\"id\":\"a\",\"id\":\"b\"}",
            "{\"x\":1,\"x\":2}",
            "{\"n\":01}", "{\"n\":1.}", "{\"n\":.5}", "{\"n\":+1}", "{\"n\":-}", "{\"n\":1e}", "{\"n\":NaN}",
            "{\"n\":1}x", "{\"n\":1}{}", "{\"n\":1,}", "{,}", "{\"n\"}", "{\"n\":}", "[]", "\"s\"", "", " ",
            "{\"s\":\"\\x\"}", "{\"s\":\"\\u12\"}", "{\"s\":\"a\u0001\"}", "{\"s\":\"\u007f\"}",
            "{\"t\":tru}", "{\"t\":nul}", "{\"t\":falsey}", "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\":{\"b\":}}",
            "{\"a\":1 2}", "{\"a\":\"b\" \"c\"}", "{\"a\"  :  [ 1 , { \"b\" : [ ] } ] }",
            "{\"action\":\"ping\",\"params\":{\"a\":1,\"a\":2},\"id\":\"z\"}",
            "{\"action\":\"ping\",\"params\":[],\"id\":\"z\"}",
            "{\"action\":\"ping\",\"params\":\"s\",\"id\":\"z\"}");

    @Test
    void acceptsOnlyWhatJacksonAcceptsWithTheSameMembers() throws Exception {
        int accepted = 0;
        for (String f : FRAMES) {
            if (check(f.getBytes(StandardCharsets.UTF_8))) {
                accepted++;
            }
        }
        assertThat(accepted).as("frames of the fast subset").isGreaterThanOrEqualTo(8);
    }

    @Test
    void randomMutationsNeverDisagreeWithJackson() throws Exception {
        Random random = new Random(42);
        byte[] alphabet = "{}[]\":,\\ \t\n-+.0123456789eEtrufalsn\u00e9xu".getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        for (int n = 0; n < 30_000; n++) {
            byte[] base = FRAMES.get(random.nextInt(FRAMES.size())).getBytes(StandardCharsets.UTF_8);
            List<Byte> b = new ArrayList<>();
            for (byte x : base) {
                b.add(x);
            }
            for (int m = 1 + random.nextInt(3); m > 0 && !b.isEmpty(); m--) {
                int at = random.nextInt(b.size());
                switch (random.nextInt(3)) {
                    case 0 -> b.remove(at);
                    case 1 -> b.add(at, alphabet[random.nextInt(alphabet.length)]);
                    default -> b.set(at, alphabet[random.nextInt(alphabet.length)]);
                }
            }
            byte[] frame = new byte[b.size()];
            for (int i = 0; i < frame.length; i++) {
                frame[i] = b.get(i);
            }
            if (!isUtf8(frame)) {
                continue; // the transport hands only valid UTF-8 to the dispatchers
            }
            if (check(frame)) {
                accepted++;
            }
        }
        assertThat(accepted).as("mutations the scan accepted").isGreaterThan(1000);
    }

    @Test
    void asciiOnlyRefusesEveryNonAsciiByte() {
        byte[] f = "{\"a\":\"\u00e9\",\"id\":\"q\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(EnvelopeScan.scan(f, 0, f.length, NAMES, false)).isNotNull();
        assertThat(EnvelopeScan.scan(f, 0, f.length, NAMES, true)).isNull();
    }

    @Test
    void aLargeFrameIsLeftToTheFullParserWithoutAScan() throws Exception {
        String padding = "x".repeat(EnvelopeScan.MAX_FRAME);
        byte[] large = ("{\"action\":\"ping\",\"id\":\"q\",\"pad\":\"" + padding + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(MAPPER.readTree(large).isObject()).as("valid JSON").isTrue();
        assertThat(EnvelopeScan.scan(large, 0, large.length, NAMES, false)).isNull();
        byte[] fits = ("{\"action\":\"ping\",\"id\":\"q\",\"pad\":\"" + padding.substring(100) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(EnvelopeScan.scan(fits, 0, fits.length, NAMES, false)).isNotNull();
    }

    @Test
    void aSliceOfALargerArrayIsScannedAlone() {
        byte[] f = "xx{\"id\":\"q\"}yy".getBytes(StandardCharsets.UTF_8);
        EnvelopeScan s = EnvelopeScan.scan(f, 2, f.length - 4, NAMES, true);
        assertThat(s).isNotNull();
        assertThat(new String(f, s.start(1), s.end(1) - s.start(1), StandardCharsets.US_ASCII)).isEqualTo("q");
        assertThat(s.present(0)).isFalse();
        assertThat(s.kind(0)).isZero();
    }

    @Test
    void theWriterWritesWhatTheMapperWrites() throws Exception {
        long[] numbers = {0, 7, -7, 10, 99, 100, 1764873600000L, Long.MAX_VALUE, Long.MIN_VALUE, -1000000000000000000L};
        for (long v : numbers) {
            AsciiJson out = AsciiJson.open();
            assertThat(out.number(v).finish()).isEqualTo(MAPPER.writeValueAsString(v));
        }
        Random random = new Random(7);
        for (int i = 0; i < 5000; i++) {
            long v = switch (i % 4) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong() >> random.nextInt(64);
                case 2 -> (long) Math.pow(10, i % 19) + (i % 3) - 1;
                default -> -((long) Math.pow(10, i % 19));
            };
            assertThat(AsciiJson.open().number(v).finish()).as("%d", v).isEqualTo(Long.toString(v));
        }
        for (int i = 0; i < 1000; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            String written = AsciiJson.open().uuid(id).finish();
            assertThat(written).isEqualTo(MAPPER.writeValueAsString(id));
            byte[] text = id.toString().getBytes(StandardCharsets.US_ASCII);
            assertThat(CanonicalUuid.is(text, 0, 36)).isTrue();
            assertThat(CanonicalUuid.parse(text, 0)).isEqualTo(id);
        }
        assertThat(CanonicalUuid.is("9E8D7C6B-5A49-4382-9170-6F5E4D3C2B1A".getBytes(StandardCharsets.US_ASCII), 0, 36))
                .as("upper case is lenient input, not what is written back").isFalse();
        StringBuilder big = new StringBuilder();
        AsciiJson grow = AsciiJson.open();
        for (int i = 0; i < 2000; i++) {
            grow.number(i).ch(',');
            big.append(i).append(',');
        }
        assertThat(grow.finish()).isEqualTo(big.toString());
    }

    @Test
    void namesResolveFromBytes() {
        AsciiNames<Integer> names = new AsciiNames<>(Map.of("ping", 1, "file_list", 2, "get_all_reports", 3));
        byte[] b = "xpingfile_listget_all_reportsping_".getBytes(StandardCharsets.US_ASCII);
        assertThat(names.get(b, 1, 5)).isEqualTo(1);
        assertThat(names.get(b, 5, 14)).isEqualTo(2);
        assertThat(names.get(b, 14, 29)).isEqualTo(3);
        assertThat(names.get(b, 29, 34)).isNull();
        assertThat(names.get(b, 0, 0)).isNull();
    }

    /** The invariant; returns whether the scan accepted the frame. */
    private static boolean check(byte[] frame) throws Exception {
        EnvelopeScan scan = EnvelopeScan.scan(frame, 0, frame.length, NAMES, false);
        if (scan == null) {
            return false;
        }
        JsonNode root = MAPPER.readTree(frame); // throws if the scan accepted invalid JSON
        assertThat(root).as(new String(frame, StandardCharsets.UTF_8)).isNotNull();
        assertThat(root.isObject()).isTrue();
        for (int slot = 0; slot < NAME.length; slot++) {
            JsonNode member = root.get(NAME[slot]);
            assertThat(scan.present(slot)).as(NAME[slot] + " in " + new String(frame, StandardCharsets.UTF_8))
                    .isEqualTo(member != null);
            if (member == null) {
                continue;
            }
            String span = new String(frame, scan.start(slot), scan.end(slot) - scan.start(slot), StandardCharsets.UTF_8);
            switch (scan.kind(slot)) {
                case EnvelopeScan.PLAIN_STRING -> assertThat(member.textValue()).isEqualTo(span);
                case EnvelopeScan.EMPTY_OBJECT -> {
                    assertThat(member.isObject() && member.isEmpty()).isTrue();
                    assertThat(MAPPER.readTree(span)).isEqualTo(member);
                }
                default -> {
                    assertThat(MAPPER.readTree(span)).isEqualTo(member);
                    assertThat(member.isObject() && member.isEmpty()).isFalse();
                }
            }
        }
        return true;
    }

    private static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
