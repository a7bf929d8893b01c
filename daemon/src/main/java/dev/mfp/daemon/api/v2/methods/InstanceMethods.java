package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;
import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Error;
import dev.mfp.daemon.api.v2.V2Errors;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.api.v2.V2Shapes;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceCatalog;
import dev.mfp.daemon.instance.InstanceLayout;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.InstancesFeature;
import dev.mfp.daemon.instance.SettingsUpdater;
import dev.mfp.daemon.instance.rules.RuleParser;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.json.WireEnums;
import dev.mfp.daemon.instance.ConfigDocument;
import dev.mfp.daemon.instance.InstallRecord;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.daemon.instance.rules.RuleDocument;
import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.v2.model.Catalog;
import dev.mfp.protocol.v2.model.CatalogItem;
import dev.mfp.protocol.v2.model.ConsoleMode;
import dev.mfp.protocol.v2.model.V2Models;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.InvalidParamsException;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The instance methods of instances.md §3–§6 on the shared instance manager. Where v2's lifecycle boundaries differ
 * from v1's (stop while stopping, halt of nothing, an immediate exit after spawn), the difference is decided here.
 */
public final class InstanceMethods {
    static final RpcType INSTANCE_TYPE = RpcType.enumOf(
            Arrays.stream(InstanceType.values()).map(WireEnums::wire).toList());
    static final RpcObjectType BY_ID = RpcObjectType.of(required("instance_id", RpcType.UUID));
    static final RpcObjectType COMMAND = RpcObjectType.of(required("instance_id", RpcType.UUID),
            required("command", RpcType.STRING));
    static final RpcObjectType RULES = RpcObjectType.of(required("instance_id", RpcType.UUID),
            required("rules", RpcType.JSON));
    static final RpcObjectType SETTINGS_UPDATE = RpcObjectType.of(required("instance_id", RpcType.UUID),
            required("name", RpcType.STRING), required("instance_type", INSTANCE_TYPE),
            required("java_path", RpcType.nullable(RpcType.STRING)),
            required("arguments", RpcType.arrayOf(RpcType.STRING)),
            required("version", RpcType.nullable(RpcType.STRING)),
            required("replacement_core", RpcType.nullable(RpcObjectType.of(
                    required("uploaded_source_path", RpcType.STRING),
                    required("preferred_target_name", RpcType.nullable(RpcType.STRING))))),
            required("force_rerun_installer", RpcType.BOOL),
            optional("console_mode", RpcType.nullable(RpcType.enumOf("pipe", "pty"))));

    static final int LOG_LINES = 500;
    /** instances.md §3.5: how long a halt waits for the output to drain after the exit. */
    static final long HALT_DRAIN_MS = 5_000;

    private InstanceMethods() {
    }

    public static void register(V2Methods m, InstancesFeature instances, ExecutorService workers) {
        InstanceManager mgr = instances.manager();
        m.on("mcsl.instance.start", BY_ID, (p, s) -> {
            Instance inst = find(mgr, p);
            try {
                inst.start(false);
            } catch (DaemonError e) {
                throw V2Errors.instance(e, "instance.already_running", "instance.start_failed");
            }
            return Map.of();
        }).on("mcsl.instance.stop", BY_ID, (p, s) -> {
            Instance inst = find(mgr, p);
            InstanceStatus st = inst.status();
            if (st != InstanceStatus.STARTING && st != InstanceStatus.RUNNING) {
                throw V2Error.conflict("instance.not_running");
            }
            try {
                inst.stop();
            } catch (DaemonError e) {
                throw V2Errors.instance(e, "instance.not_running", "instance.stop_failed");
            }
            return Map.of();
        }).on("mcsl.instance.halt", BY_ID, (p, s) -> {
            Instance inst;
            try {
                inst = mgr.get(uuid(p));
            } catch (DaemonError e) {
                return Map.of(); // idempotent (§3.5)
            }
            if (!inst.hasProcess()) {
                return Map.of(); // idempotent (§3.5)
            }
            try {
                inst.kill(HALT_DRAIN_MS);
            } catch (DaemonError e) {
                if (!inst.hasProcess()) {
                    return Map.of(); // ended on its own meanwhile
                }
                throw V2Errors.instance(e, "instance.not_running", "instance.halt_failed");
            }
            return Map.of();
        }).on("mcsl.instance.command.send", COMMAND, (p, s) -> {
            Instance inst = find(mgr, p);
            String command = p.get("command").textValue();
            if (command.isBlank()) {
                throw V2Error.validation("instance.command_empty");
            }
            if (!inst.hasProcess()) {
                throw V2Error.conflict("instance.not_running");
            }
            try {
                inst.send(command);
            } catch (DaemonError e) {
                throw V2Errors.instance(e, "instance.not_running", "instance.command_failed");
            }
            return Map.of();
        }).on("mcsl.instance.remove", BY_ID, (p, s) -> {
            UUID id = uuid(p);
            find(mgr, p);
            try {
                mgr.remove(id);
            } catch (DaemonError e) {
                throw switch (e.kind()) {
                    case FILE_ACCESS_FAILED -> new V2Error("instance.remove_failed", DaemonErrorKind.STORAGE,
                            e.detail());
                    default -> V2Errors.instance(e, "instance.running", "instance.remove_failed");
                };
            }
            return Map.of();
        }).on("mcsl.instance.report.get", BY_ID, (p, s) -> report(instances, find(mgr, p)))
                .on("mcsl.instance.report.list", RpcObjectType.EMPTY, (p, s) -> reports(instances, mgr, workers))
                .onInline("mcsl.instance.log.get", BY_ID, (p, s) -> Map.of("logs", lastLines(find(mgr, p).historyWithDaemonLines())))
                .on("mcsl.instance.settings.get", BY_ID, (p, s) -> settings(mgr, find(mgr, p)))
                .on("mcsl.instance.settings.update", SETTINGS_UPDATE, (p, s) -> update(instances, mgr, p))
                .onInline("mcsl.instance.event-rules.get", BY_ID,
                        (p, s) -> V2Models.eventRules(ConfigDocument.document(find(mgr, p).config())))
                .on("mcsl.instance.event-rules.update", RULES, (p, s) -> saveRules(mgr, p))
                .onInline("mcsl.instance.catalog.get", RpcObjectType.EMPTY, (p, s) -> catalog(mgr.catalog()));
        InstanceCreation.register(m, instances);
    }

    /** instances.md §4.2: the newest {@link #LOG_LINES} lines (the shared ring may hold more for v1). */
    static List<String> lastLines(List<String> history) {
        return history.size() <= LOG_LINES ? history : history.subList(history.size() - LOG_LINES, history.size());
    }

    static UUID uuid(ObjectNode p) {
        return UUID.fromString(p.get("instance_id").textValue());
    }

    static Instance find(InstanceManager mgr, ObjectNode p) {
        try {
            return mgr.get(uuid(p));
        } catch (DaemonError e) {
            throw V2Error.notFound("instance.not_found");
        }
    }

    private static Object report(InstancesFeature instances, Instance inst) {
        try {
            Long pid = inst.process().map(ProcessHandle::pid).orElse(null);
            return V2Shapes.report(instances.reports().build(inst), pid,
                    inst.readyTimedOut());
        } catch (RuntimeException e) {
            throw new V2Error("instance.report_failed", DaemonErrorKind.INTERNAL, e.toString());
        }
    }

    /** Built concurrently, like v1's get_all_reports: each report may wait for a server list ping. */
    private static Object reports(InstancesFeature instances, InstanceManager mgr, ExecutorService workers)
            throws Exception {
        List<Instance> all = new ArrayList<>(mgr.all());
        List<Future<Object>> futures = new ArrayList<>();
        for (Instance inst : all) {
            futures.add(workers.submit(() -> report(instances, inst)));
        }
        Map<String, Object> reports = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            try {
                reports.put(all.get(i).id().toString(), futures.get(i).get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new V2Error("instance.reports_failed", DaemonErrorKind.INTERNAL, e.getCause().toString());
            }
        }
        return Map.of("reports", reports);
    }

    private static Object settings(InstanceManager mgr, Instance inst) {
        InstanceSpec c = inst.config();
        Path target = InstanceLayout.targetPath(inst.dir(), c.target());
        InstallRecord meta = mgr.metadata(inst);
        try {
            return V2Models.settings(ConfigDocument.document(c), c.consoleMode(), inst.status(),
                    inst.dir().toAbsolutePath(), target != null && Files.isRegularFile(target),
                    ConfigDocument.document(meta));
        } catch (IllegalArgumentException e) {
            throw new V2Error("instance.install_metadata.read_failed", DaemonErrorKind.STORAGE, e.getMessage());
        }
    }

    private static Object update(InstancesFeature instances, InstanceManager mgr, ObjectNode p) throws Exception {
        Instance inst = find(mgr, p);
        if (inst.hasProcess()) {
            throw V2Error.conflict("instance.running");
        }
        List<String> args = new ArrayList<>();
        p.get("arguments").forEach(a -> args.add(a.textValue()));
        JsonNode rc = p.get("replacement_core");
        boolean replace = rc != null && !rc.isNull();
        InstanceType type = InstanceType.fromWire(p.get("instance_type").textValue());
        // instances.md §4.4: the installer reruns when asked or for the Forge family; client-compat.md §2: at the
        // next start, not inside this request
        boolean rerun = p.get("force_rerun_installer").booleanValue() || type.forgeFamily();
        SettingsUpdater.Change change = new SettingsUpdater.Change(p.get("name").textValue(), type,
                text(p.get("java_path")), args, text(p.get("version")),
                replace ? rc.get("uploaded_source_path").textValue() : null,
                replace ? text(rc.get("preferred_target_name")) : null, rerun, null, null,
                p.hasNonNull("console_mode") ? ConsoleMode.fromWire(p.get("console_mode").textValue()) : null, true);
        SettingsUpdater.Outcome o;
        try {
            o = instances.updater().update(inst, change);
        } catch (DaemonError e) {
            throw switch (e.kind()) {
                case BAD_PARAM, BAD_FORMAT -> new V2Error("instance.settings_invalid", DaemonErrorKind.VALIDATION,
                        e.detail());
                case FILE_NOT_FOUND -> V2Error.notFound("instance.replacement_core.not_found");
                case FILE_ALREADY_EXISTS -> V2Error.conflict("instance.replacement_core.target_conflict");
                case FILE_ACCESS_FAILED -> new V2Error("instance.replacement_core.invalid", DaemonErrorKind.VALIDATION,
                        e.detail());
                default -> V2Errors.instance(e, "instance.running", "instance.settings_failed");
            };
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("config", V2Shapes.configuration(o.config()));
        result.put("requires_restart", replace);
        result.put("reinstalled", o.reinstalled());
        result.put("deleted_generated_paths", o.deleted());
        result.put("preserved_original_paths", o.preserved());
        return result;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.textValue();
    }

    private static Object saveRules(InstanceManager mgr, ObjectNode p) throws Exception {
        Instance inst = find(mgr, p);
        JsonNode rules = p.get("rules");
        // decisions.md #10 (wins over instances.md §5.1's event_rules.invalid): malformed rules are -32602
        if (rules == null || !rules.isArray()) {
            throw new InvalidParamsException("rules is not an array");
        }
        List<RuleDocument> list = V2Shapes.rules(rules);
        try {
            RuleParser.parse(list);
        } catch (DaemonError | IllegalArgumentException e) {
            throw new InvalidParamsException("rules: " + e.getMessage());
        }
        try {
            mgr.updateConfig(inst, c -> c.withRules(list));
        } catch (java.io.IOException e) {
            throw new V2Error("event_rules.persist_failed", DaemonErrorKind.STORAGE, e.toString());
        } catch (DaemonError e) {
            throw V2Error.notFound("instance.not_found");
        }
        return Map.of();
    }

    private static Object catalog(InstanceCatalog catalog) {
        InstanceCatalog.Snapshot snap = catalog.snapshot();
        List<CatalogItem> items = snap.items().stream().map(InstanceMethods::item).toList();
        return Catalog.of(snap.version(), items);
    }

    public static CatalogItem item(InstanceCatalog.Item i) {
        return new CatalogItem(i.instanceId(), i.name(), i.instanceType(), i.version(), i.status(),
                i.readyTimedOut());
    }
}
