package dev.mfp.daemon.instance.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** v2 events.md §4.1: lines from a terminal byte stream, escape sequences removed. */
class PtyLineDecoderTest {
    private static List<String> decode(Charset cs, int piece, byte[] stream) {
        List<String> lines = new ArrayList<>();
        PtyLineDecoder d = new PtyLineDecoder(cs, lines::add);
        for (int i = 0; i < stream.length; i += piece) {
            d.feed(stream, i, Math.min(piece, stream.length - i));
        }
        d.finish();
        return lines;
    }

    private static List<String> decode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        List<String> whole = decode(StandardCharsets.UTF_8, b.length == 0 ? 1 : b.length, b);
        // byte by byte (characters and sequences split across reads) gives the same lines
        assertThat(decode(StandardCharsets.UTF_8, 1, b)).isEqualTo(whole);
        return whole;
    }

    @Test
    void csiAndOscAreRemovedAndTrailingCarriageReturnsTrimmed() {
        assertThat(decode("\u001b[31mred\u001b[0m text\r\n")).containsExactly("red text");
        assertThat(decode("\u001b[1;38;2;255;0;0mbold\u001b[m\r\r\n")).containsExactly("bold");
        assertThat(decode("\u001b]0;window title\u0007after\n")).containsExactly("after");
        assertThat(decode("\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\\n")).containsExactly("link");
        assertThat(decode("\u001b[?25l\u001b[2K\u001b[1Gprompt> \u001b[?25h\n")).containsExactly("prompt> ");
        assertThat(decode("a\u001b(Bb\u001b=c\u001b7d\n")).containsExactly("abcd"); // sgr0 and other short escapes
    }

    @Test
    void linesSplitOnNewlineBlankLinesDroppedLastLineDelivered() {
        assertThat(decode("one\ntwo\r\n\r\n   \n\u001b[0m\nthree")).containsExactly("one", "two", "three");
        assertThat(decode("a\rb\n")).containsExactly("a\rb"); // only trailing carriage returns go
        assertThat(decode("tab\there\n")).containsExactly("tab\there");
    }

    @Test
    void escapeSequencesLongerThan128CharactersAreAbandoned() {
        String longOsc = "\u001b]" + "x".repeat(200) + "\u0007";
        List<String> lines = decode("before" + longOsc + "\nafter\n");
        // the first 128 characters of the sequence are dropped; what follows is text again
        assertThat(lines.get(0)).startsWith("before").doesNotContain("\u001b").endsWith("\u0007");
        assertThat(lines.get(0).length()).isEqualTo("before".length() + 202 - 128);
        assertThat(lines).last().isEqualTo("after");
        String okOsc = "\u001b]" + "y".repeat(120) + "\u0007";
        assertThat(decode("a" + okOsc + "b\n")).containsExactly("ab");
    }

    @Test
    void anEscBeforeAControlCharacterIsNoSequence() {
        assertThat(decode("x\u001b\ny\n")).containsExactly("x", "y");
        assertThat(decode("x\u001b[12\ny\n")).containsExactly("x", "y");
    }

    @Test
    void decodesWithTheOutputEncodingAcrossReads() {
        byte[] gbk = "中文\u001b[0m服务器\n".getBytes(Charset.forName("GBK"));
        assertThat(decode(Charset.forName("GBK"), 1, gbk)).containsExactly("中文服务器");
        assertThat(decode("é€😀\n")).containsExactly("é€😀");
        byte[] bad = {'o', 'k', (byte) 0xff, '\n', (byte) 0xe2, (byte) 0x82};
        List<String> lines = decode(StandardCharsets.UTF_8, 1, bad);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("ok\ufffd");
        assertThat(lines.get(1)).matches("\ufffd+");
    }

    @Test
    void veryLongLinesComeInPieces() {
        String s = "z".repeat(ConsoleLineReader.MAX_LINE_CHARS + 10) + "\n";
        List<String> lines = decode(s);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize(ConsoleLineReader.MAX_LINE_CHARS);
        assertThat(lines.get(1)).hasSize(10);
    }
}
