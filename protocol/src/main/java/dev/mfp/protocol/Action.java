package dev.mfp.protocol;

import java.util.HashMap;
import java.util.Map;

/** Every v1 action wire name with its required permission node (actions.md index, permissions.md §4). */
public enum Action {
    SUBSCRIBE_EVENT("subscribe_event", null),
    UNSUBSCRIBE_EVENT("unsubscribe_event", null),
    PING("ping", null),
    GET_SYSTEM_INFO("get_system_info", null),
    GET_PERMISSIONS("get_permissions", null),
    GET_JAVA_LIST("get_java_list", "mcsl.daemon.java_list"),
    GET_DIRECTORY_INFO("get_directory_info", "mcsl.daemon.file.info.directory"),
    GET_FILE_INFO("get_file_info", "mcsl.daemon.file.info.file"),
    FILE_UPLOAD_REQUEST("file_upload_request", "mcsl.daemon.file.upload"),
    FILE_UPLOAD_CHUNK("file_upload_chunk", "mcsl.daemon.file.upload"),
    FILE_UPLOAD_CANCEL("file_upload_cancel", "mcsl.daemon.file.upload"),
    /** v2 extensions.md §6: the received ranges of a (resumable) upload session. */
    FILE_UPLOAD_STATUS("file_upload_status", "mcsl.daemon.file.upload"),
    FILE_DOWNLOAD_REQUEST("file_download_request", "mcsl.daemon.file.download"),
    FILE_DOWNLOAD_RANGE("file_download_range", "mcsl.daemon.file.download"),
    FILE_DOWNLOAD_CLOSE("file_download_close", "mcsl.daemon.file.download"),
    DELETE_FILE("delete_file", "mcsl.daemon.file.delete.file"),
    DELETE_DIRECTORY("delete_directory", "mcsl.daemon.file.delete.directory"),
    RENAME_FILE("rename_file", "mcsl.daemon.file.rename.file"),
    RENAME_DIRECTORY("rename_directory", "mcsl.daemon.file.rename.directory"),
    CREATE_DIRECTORY("create_directory", "mcsl.daemon.file.create.directory"),
    MOVE_FILE("move_file", "mcsl.daemon.file.move.file"),
    MOVE_DIRECTORY("move_directory", "mcsl.daemon.file.move.directory"),
    COPY_FILE("copy_file", "mcsl.daemon.file.copy.file"),
    COPY_DIRECTORY("copy_directory", "mcsl.daemon.file.copy.directory"),
    ADD_INSTANCE("add_instance", "mcsl.daemon.instance.add"),
    REMOVE_INSTANCE("remove_instance", "mcsl.daemon.instance.remove"),
    START_INSTANCE("start_instance", "mcsl.daemon.instance.start"),
    STOP_INSTANCE("stop_instance", "mcsl.daemon.instance.stop"),
    KILL_INSTANCE("kill_instance", "mcsl.daemon.instance.kill"),
    SEND_TO_INSTANCE("send_to_instance", "mcsl.daemon.instance.send"),
    GET_INSTANCE_REPORT("get_instance_report", "mcsl.daemon.instance.report"),
    GET_ALL_REPORTS("get_all_reports", "mcsl.daemon.instance.report"),
    GET_INSTANCE_LOG_HISTORY("get_instance_log_history", "mcsl.daemon.instance.log"),
    GET_INSTANCE_SETTINGS("get_instance_settings", "mcsl.daemon.instance.settings.read"),
    UPDATE_INSTANCE_SETTINGS("update_instance_settings", "mcsl.daemon.instance.settings.update"),
    GET_EVENT_RULES("get_event_rules", "mcsl.daemon.instance.event_rules.read"),
    SAVE_EVENT_RULES("save_event_rules", "mcsl.daemon.instance.event_rules.write");

    /** Legacy and documentation aliases (actions.md L1–L3), resolved to the action they stand for. */
    private static final Map<String, Action> BY_WIRE = new HashMap<>();

    static {
        for (Action a : values()) {
            BY_WIRE.put(a.wire, a);
        }
        BY_WIRE.put("get_instance_status", GET_INSTANCE_REPORT);
        BY_WIRE.put("get_all_status", GET_ALL_REPORTS);
        BY_WIRE.put("file_download_chunk", FILE_DOWNLOAD_RANGE);
    }

    private static final dev.mfp.protocol.json.AsciiNames<Action> BY_WIRE_BYTES =
            new dev.mfp.protocol.json.AsciiNames<>(BY_WIRE);

    private final String wire;
    private final String permission;

    Action(String wire, String permission) {
        this.wire = wire;
        this.permission = permission;
    }

    public String wire() {
        return wire;
    }

    /** The node a connection must hold, or {@code null} when every authenticated connection may call it. */
    public String permission() {
        return permission;
    }

    /** Resolves a wire name or alias (exact, case-sensitive); {@code null} when unknown. */
    public static Action fromWire(String name) {
        return BY_WIRE.get(name);
    }

    /** The same for a name given as the bytes {@code b[start, end)} of a frame. */
    public static Action fromWire(byte[] b, int start, int end) {
        return BY_WIRE_BYTES.get(b, start, end);
    }
}
