package dev.mfp.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.daemon.api.v1.misc.GetPermissionsHandler;
import dev.mfp.daemon.api.v1.misc.PingHandler;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.wire.Empty;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The byte path's fast scan answers exactly as the tree path does: every frame is given once as bytes (the
 * transport's path, fast when the scan accepts it) and once as a string (always the tree), and the two answers
 * must be the same text — the ping's clock aside.
 */
class DispatcherFastPathTest {
    record SizeParams(Long size) {
        SizeParams {
            if (size != null && size < 0) {
                throw ActionError.badFormat("negative size");
            }
        }
    }

    private static final String ID = "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a";

    private static final List<String> FRAMES = List.of(
            "{\"action\":\"ping\",\"params\":{},\"id\":\"" + ID + "\"}",
            "{\"action\":\"ping\",\"id\":\"" + ID + "\"}",
            " {\n\"id\" : \"" + ID + "\" ,\"action\":\"ping\", \"extra\":[1,{\"a\":null}] }\t",
            "{\"action\":\"ping\",\"params\":null,\"id\":\"" + ID + "\"}",
            "{\"action\":\"ping\",\"params\":[1],\"id\":\"" + ID + "\"}",
            "{\"action\":\"ping\",\"id\":\"" + ID.toUpperCase() + "\"}",
            "{\"action\":\"ping\",\"id\":\"{" + ID + "}\"}",
            "{\"action\":\"ping\",\"id\":\"not-a-uuid\"}",
            "{\"action\":\"ping\",\"id\":\"\"}",
            "{\"action\":\"ping\",\"id\":7}",
            "{\"action\":\"ping\"}",
            "{\"action\":\"p\\u0069ng\",\"id\":\"" + ID + "\"}",
            "{\"action\":\"ping\",\"action\":\"get_permissions\",\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_permissions\",\"id\":\"" + ID + "\"}",
            "{\"action\":\"pong\",\"id\":\"" + ID + "\"}",
            "{\"action\":\"add_instance\",\"params\":{},\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_file_info\",\"params\":{\"size\":1},\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_file_info\",\"params\":{\"size\":\"x\"},\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_file_info\",\"params\":{\"size\":-1},\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_file_info\",\"params\":{\"size\":13},\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_file_info\",\"params\":{\"size\":1,\"size\":2},\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_file_info\",\"params\":{},\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_file_info\",\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_file_info\",\"params\":\"s\",\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_file_info\",\"params\":{\"size\":1.5},\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_file_info\",\"params\":{\"size\":1,\"x\":\"\u00e9\\n\"},\"id\":\"" + ID + "\"}",
            "{\"action\":\"get_instance_report\",\"params\":{},\"id\":\"" + ID + "\"}",
            "{\"action\":\"ping\",\"id\":\"" + ID + "\"} x",
            "{\"action\":\"ping\",\"id\":\"" + ID + "\",}",
            "[]");

    @Test
    void bytesAndTextGetTheSameAnswer() {
        ActionRegistry registry = new ActionRegistry().register(new PingHandler()).register(new GetPermissionsHandler())
                .onInline(Action.GET_FILE_INFO, SizeParams.class, (p, ctx) -> {
                    Params.require(p.size(), "size");
                    if (p.size() == 13) {
                        throw new IllegalStateException("internal");
                    }
                    return Empty.INSTANCE;
                });
        Dispatcher d = new Dispatcher(registry, Runnable::run, false);
        DispatcherTest.Channel ch = new DispatcherTest.Channel(4,
                "mcsl.daemon.file.info,mcsl.daemon.file.list,mcsl.daemon.java_list");
        Recorder bytes = new Recorder(ch);
        Recorder text = new Recorder(ch);
        for (String f : FRAMES) {
            byte[] utf8 = ("xx" + f + "yy").getBytes(StandardCharsets.UTF_8);
            d.onText(bytes, utf8, 2, utf8.length - 4);
            d.onText(text, f);
            assertThat(normalized(bytes.last)).as(f).isEqualTo(normalized(text.last));
        }
        assertThat(text.last).contains("10001");
    }

    private static String normalized(String answer) {
        return answer.replaceAll("\"time\":\\d+", "\"time\":0");
    }

    /** The test channel, keeping the raw text of the last answer. */
    static final class Recorder extends DispatcherTest.Channel {
        String last;

        Recorder(DispatcherTest.Channel like) {
            super(4, String.join(",", like.permissions().granted()));
        }

        @Override
        public void sendResponse(String text, Runnable onSent) {
            last = text;
            onSent.run();
        }
    }
}
