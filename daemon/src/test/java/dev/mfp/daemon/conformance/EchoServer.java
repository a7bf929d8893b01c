package dev.mfp.daemon.conformance;

import static dev.mfp.daemon.support.Requests.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.ScriptServer;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.util.UUID;

/**
 * A tiny console program for conformance probes: a POSIX shell script that echoes every stdin line to stdout, so
 * a test can make the "server" print any line (Done variants, "Stopping the server", the crash marker) in any
 * state. {@code exit N} exits with N, {@code err X} prints X on stderr, {@code seq N} prints {@code line 1..N},
 * {@code args} prints the command-line arguments. Installed through {@code add_instance} from a zip
 * ({@code source_type} archive), so the instance keeps {@code target_type} = script.
 */
final class EchoServer {
    static final String SCRIPT = """
            #!/bin/sh
            echo "ARGS: $#:$*"
            echo "ENV: X=${MFP_X-unset} BAD=${MFP_BAD-unset}"
            while IFS= read -r line; do
              case "$line" in
                "exit "*) exit ${line#exit } ;;
                "err "*) printf '%s\\n' "${line#err }" >&2 ;;
                "seq "*) i=1; n=${line#seq }; while [ $i -le $n ]; do echo "line $i"; i=$((i+1)); done ;;
                *) printf '%s\\n' "$line" ;;
              esac
            done
            """;

    private EchoServer() {
    }

    /** Writes {@code caches/uploads/echo.zip} (holding {@code server.sh}) and returns its client path. */
    static String upload(TestDaemon d) throws IOException {
        return ScriptServer.upload(d.root(), "echo.zip", SCRIPT);
    }

    static ObjectNode setting(TestDaemon d, String name, String type, String targetType) throws IOException {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("name", name);
        s.put("instance_type", type);
        s.put("target", "server.sh");
        s.put("target_type", targetType);
        s.put("source", upload(d));
        s.put("source_type", "archive");
        return s;
    }

    /** Adds an echo instance of {@code type} (script target) and returns its id. */
    static UUID add(TestDaemon d, MfpClient c, String name, String type) throws IOException {
        JsonNode cfg = c.call("add_instance", params("setting", setting(d, name, type, "script"))).get("config");
        return UUID.fromString(cfg.get("uuid").asText());
    }
}
