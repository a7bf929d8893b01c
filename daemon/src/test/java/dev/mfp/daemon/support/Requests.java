package dev.mfp.daemon.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpException;
import dev.mfp.protocol.json.Json;

/** v1 request parameters and the error codes of v1 calls. */
public final class Requests {
    private Requests() {
    }

    /** {@code params("path", "a.txt", "size", 3)}: the parameter object of a v1 call. */
    public static ObjectNode params(Object... kv) {
        ObjectNode n = Json.mapper().createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            n.set((String) kv[i], Json.mapper().valueToTree(kv[i + 1]));
        }
        return n;
    }

    /** The error code of a call that must fail. */
    public static int code(Runnable call) {
        int code = codeOf(call);
        assertThat(code).as("expected an error").isNotZero();
        return code;
    }

    /** The error code of a call, 0 when it succeeds. */
    public static int codeOf(Runnable call) {
        try {
            call.run();
        } catch (MfpException e) {
            return e.code();
        }
        return 0;
    }
}
