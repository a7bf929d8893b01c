package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per successful call of a method that changes something (the "Audited" column of methods.md §2):
 * the method, who called it (the connection's subject, e.g. {@code daemon-main} or a token's {@code sub}) and what
 * it named. Never a token, a console command's text or file contents.
 */
final class V2ActionLog {
    private static final Logger LOG = LoggerFactory.getLogger(V2ActionLog.class);
    private static final Set<String> LOGGED = Set.of("mcsl.auth.token.issue", "mcsl.directory.copy",
            "mcsl.directory.create", "mcsl.directory.delete", "mcsl.directory.move", "mcsl.directory.rename",
            "mcsl.file.copy", "mcsl.file.delete", "mcsl.file.move", "mcsl.file.rename", "mcsl.file.upload.close",
            "mcsl.file.upload.open", "mcsl.instance.command.send", "mcsl.instance.console.open",
            "mcsl.instance.create", "mcsl.instance.event-rules.update", "mcsl.instance.halt", "mcsl.instance.remove",
            "mcsl.instance.settings.update", "mcsl.instance.start", "mcsl.instance.stop");
    /** The members that name a target, in the order they are printed. */
    private static final String[] TARGETS = {"instance_id", "path", "source_path", "destination_path", "new_name",
        "session_id", "subject"};

    private V2ActionLog() {
    }

    static void succeeded(String method, V2Session session, ObjectNode params) {
        if (!LOGGED.contains(method) || !LOG.isInfoEnabled()) {
            return;
        }
        StringBuilder what = new StringBuilder();
        for (String member : TARGETS) {
            JsonNode v = params.get(member);
            if (v != null && v.isTextual()) {
                what.append(what.length() == 0 ? "" : " ").append(member).append('=').append(v.textValue());
            }
        }
        JsonNode setting = params.path("setting").path("configuration").get("instance_id");
        if (setting != null) {
            what.append(what.length() == 0 ? "" : " ").append("instance_id=").append(setting.asText());
        }
        LOG.info("{} by {}: {}", method, session.subject(), what);
    }
}
