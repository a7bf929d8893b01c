package dev.mfp.daemon.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.Action;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per v1 action that changed state (issue 12 item 3): the action, who (the subtoken's {@code jti},
 * never a token) and what it named (instance id, paths). Parameters that may hold secrets — console commands,
 * {@code env}, file data — are never logged.
 */
final class ActionLog {
    private static final Logger LOG = LoggerFactory.getLogger(ActionLog.class);
    private static final UUID MAIN = new UUID(0, 0);
    private static final Set<Action> CHANGING = EnumSet.of(Action.ADD_INSTANCE, Action.REMOVE_INSTANCE,
            Action.START_INSTANCE, Action.STOP_INSTANCE, Action.KILL_INSTANCE, Action.SEND_TO_INSTANCE,
            Action.UPDATE_INSTANCE_SETTINGS, Action.SAVE_EVENT_RULES, Action.DELETE_FILE, Action.DELETE_DIRECTORY,
            Action.RENAME_FILE, Action.RENAME_DIRECTORY, Action.CREATE_DIRECTORY, Action.MOVE_FILE,
            Action.MOVE_DIRECTORY, Action.COPY_FILE, Action.COPY_DIRECTORY, Action.FILE_UPLOAD_REQUEST);
    private static final String[] SUBJECT_KEYS = {"id", "instance_id", "path", "source_path", "destination_path",
        "new_name"};

    private ActionLog() {
    }

    /** Whether a success of {@code action} is written to the log (with its params). */
    static boolean isLogged(Action action) {
        return CHANGING.contains(action);
    }

    static void succeeded(Action action, JsonNode params, UUID jti) {
        if (!CHANGING.contains(action) || !LOG.isInfoEnabled()) {
            return;
        }
        StringBuilder what = new StringBuilder();
        if (params != null && params.isObject()) {
            for (String k : SUBJECT_KEYS) {
                JsonNode v = params.get(k);
                if (v != null && v.isValueNode()) {
                    what.append(' ').append(k).append('=').append(clip(v.asText()));
                }
            }
            JsonNode setting = params.get("setting");
            if (action == Action.ADD_INSTANCE && setting != null && setting.path("name").isTextual()) {
                what.append(" name=").append(clip(setting.get("name").asText()));
            }
        }
        LOG.info("{} by {}:{}", action.wire(), jti == null || MAIN.equals(jti) ? "the main token" : "subtoken " + jti,
                what.length() == 0 ? " -" : what);
    }

    /** Bounded and on one line, whatever a client sent. */
    private static String clip(String s) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
