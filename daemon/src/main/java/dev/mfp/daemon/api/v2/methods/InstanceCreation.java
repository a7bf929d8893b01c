package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;
import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Error;
import dev.mfp.daemon.api.v2.V2Errors;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.api.v2.V2Shapes;
import dev.mfp.daemon.instance.ConfigValidator;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.InstancesFeature;
import dev.mfp.daemon.instance.McVersion;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.daemon.instance.NewInstance;
import dev.mfp.daemon.instance.rules.RuleDocument;
import dev.mfp.protocol.model.InstanceFactoryMirror;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.model.SourceType;
import dev.mfp.protocol.model.TargetType;
import dev.mfp.protocol.v2.model.ConsoleMode;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code mcsl.instance.create} (instances.md §2): the v2 request shape and check order over the v1 installers. */
final class InstanceCreation {
    static final RpcObjectType CONFIGURATION = RpcObjectType.of(required("instance_id", RpcType.UUID),
            required("name", RpcType.STRING), required("target", RpcType.STRING),
            required("instance_type", InstanceMethods.INSTANCE_TYPE),
            required("target_type", RpcType.enumOf("jar", "script", "executable")),
            required("version", RpcType.STRING), required("input_encoding", RpcType.STRING),
            required("output_encoding", RpcType.STRING), required("java_path", RpcType.STRING),
            required("arguments", RpcType.arrayOf(RpcType.STRING)),
            required("environment_variables", RpcType.mapOf(RpcType.STRING)), required("event_rules", RpcType.JSON),
            optional("console_mode", RpcType.nullable(RpcType.enumOf("pipe", "pty"))));
    static final RpcObjectType CREATE = RpcObjectType.of(required("setting", RpcObjectType.of(
            required("configuration", CONFIGURATION), required("source", RpcType.STRING),
            required("source_type", RpcType.enumOf("none", "archive", "core", "script")),
            required("mirror", RpcType.enumOf("none", "bmcl_api")), required("use_post_process", RpcType.BOOL))));
    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "ftp", "ftps");
    private static final Set<String> RESERVED_TARGETS = Set.of("daemon_instance.json", "daemon_instance.json.bak",
            "daemon_instance.install.json", "daemon_instance.install.json.bak");
    private static final UUID ZERO = new UUID(0L, 0L);

    private InstanceCreation() {
    }

    static void register(V2Methods m, InstancesFeature instances) {
        m.on("mcsl.instance.create", CREATE, (p, s) -> create(instances, (ObjectNode) p.get("setting")));
    }

    private static Object create(InstancesFeature instances, ObjectNode setting) throws Exception {
        InstanceManager mgr = instances.manager();
        ObjectNode c = (ObjectNode) setting.get("configuration");
        SourceType sourceType = SourceType.fromWire(setting.get("source_type").textValue());
        String source = setting.get("source").textValue();
        if (sourceType == SourceType.NONE) {
            throw V2Error.validation("instance.source_type.invalid");
        }
        if (!checkSourceScheme(source)) {
            checkLocalSource(instances, source);
        }
        InstanceType type = InstanceType.fromWire(c.get("instance_type").textValue());
        TargetType targetType = TargetType.fromWire(c.get("target_type").textValue());
        String version = c.get("version").textValue();
        if (type.requiresNumericVersion()) {
            if (version.isBlank()) {
                throw V2Error.validation("instance.version.required");
            }
            if (McVersion.parse(version) == null) {
                throw V2Error.validation("instance.version.invalid");
            }
        }
        String javaPath = c.get("java_path").textValue();
        if (targetType == TargetType.JAR && !javaPath.equalsIgnoreCase("java")
                && !Files.isRegularFile(Path.of(javaPath))) {
            throw V2Error.validation("instance.java_path.not_found");
        }
        UUID id = UUID.fromString(c.get("instance_id").textValue());
        if (id.equals(ZERO)) {
            throw V2Error.validation("instance.id.empty");
        }
        checkTarget(c.get("target").textValue());
        // §2 step 4: v2 has no factory for mc_quilt (v1's generic launcher fallback accepts it) and none for script
        if (type == InstanceType.MC_QUILT || sourceType == SourceType.SCRIPT) {
            throw V2Error.validation("instance.factory.unsupported");
        }
        JsonNode rules = c.get("event_rules");
        if (rules == null || !rules.isArray()) {
            throw new V2Error("instance.create_failed", DaemonErrorKind.INTERNAL, "event_rules is not an array");
        }
        List<RuleDocument> ruleList = V2Shapes.rules(rules);
        List<String> args = new ArrayList<>();
        c.get("arguments").forEach(a -> args.add(a.textValue()));
        Map<String, String> env = new LinkedHashMap<>();
        c.get("environment_variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().textValue()));
        // instances.md §2: a used id is silently replaced by a new one
        if (mgr.exists(id)) {
            id = UUID.randomUUID();
        }
        NewInstance s = new NewInstance(new InstanceSpec(c.get("name").textValue(), c.get("target").textValue(),
                type, targetType, id, version, c.get("input_encoding").textValue(),
                c.get("output_encoding").textValue(), javaPath, args, env, ruleList, false, 0, null), source,
                sourceType, InstanceFactoryMirror.valueOf(setting.get("mirror").textValue().toUpperCase(Locale.ROOT)),
                setting.get("use_post_process").booleanValue());
        InstanceSpec created;
        try {
            created = mgr.add(s);
        } catch (DaemonError e) {
            throw mapCreate(e);
        }
        if (c.hasNonNull("console_mode")) { // console.md §1: stored with the configuration, read at each start
            ConsoleMode mode = ConsoleMode.fromWire(c.get("console_mode").textValue());
            created = mgr.updateConfig(mgr.get(created.uuid()), cfg -> cfg.withConsoleMode(mode));
        }
        return Map.of("config", V2Shapes.configuration(created));
    }

    /** §2 step 2, first half: true for an http(s)/ftp(s) URL; another absolute non-file URI is invalid. */
    private static boolean checkSourceScheme(String source) {
        URI uri;
        try {
            uri = new URI(source.trim());
        } catch (Exception e) {
            return false; // not a URI: a daemon-root path
        }
        if (uri.isAbsolute() && uri.getScheme().length() > 1 && !uri.getScheme().equalsIgnoreCase("file")) {
            if (!URL_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw V2Error.validation("instance.source.invalid");
            }
            return true;
        }
        return false;
    }

    /** §2 step 2, second half: a file URI or daemon-root path must be an existing file inside the root. */
    private static void checkLocalSource(InstancesFeature instances, String source) {
        Path local;
        try {
            String path = source.regionMatches(true, 0, "file:", 0, 5)
                    ? Path.of(URI.create(source.trim())).toString() : source;
            local = instances.resolveInRoot(path);
        } catch (DaemonError | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new V2Error("instance.source.invalid", DaemonErrorKind.VALIDATION, e.getMessage());
        }
        if (!instances.isFileInRoot(local)) {
            throw V2Error.notFound("instance.source.not_found");
        }
    }

    /** §2.2: one plain file name. */
    private static void checkTarget(String target) {
        String t = target;
        boolean invalid = t.isBlank() || t.contains("/") || t.contains("\\") || t.contains(":") || t.contains("\0")
                || t.equals(".") || t.equals("..") || t.endsWith(".") || t.endsWith(" ")
                || t.toUpperCase(Locale.ROOT).split("\\.")[0].matches("CON|PRN|AUX|NUL|CLOCK\\$|COM[1-9]|LPT[1-9]");
        if (invalid) {
            throw V2Error.validation("instance.target.invalid");
        }
        if (RESERVED_TARGETS.contains(t)) {
            throw V2Error.validation("instance.target.reserved");
        }
        try {
            ConfigValidator.validateTarget(t);
        } catch (DaemonError e) {
            throw V2Error.validation("instance.target.invalid");
        }
    }

    private static V2Error mapCreate(DaemonError e) {
        return switch (e.kind()) {
            case FILE_NOT_FOUND -> V2Error.notFound("instance.source.not_found");
            case FILE_ACCESS_FAILED, ITS_A_DIRECTORY -> V2Error.validation("instance.source.invalid");
            case BAD_PARAM, BAD_FORMAT -> new V2Error("instance.create_failed", DaemonErrorKind.INTERNAL, e.detail());
            case INSTANCE_ALREADY_EXISTS -> new V2Error("instance.create_failed", DaemonErrorKind.INTERNAL,
                    e.detail());
            case INSTALLATION_ERROR -> new V2Error("instance.factory.failed", DaemonErrorKind.INTERNAL, e.detail());
            default -> V2Errors.instance(e, "instance.running", "instance.create_failed");
        };
    }
}
