package dev.mfp.daemon.instance.process;

import dev.mfp.daemon.instance.InstanceLayout;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.protocol.model.TargetType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The process an instance runs (files-and-instances.md §5.3): command, working directory, environment. */
public final class LaunchCommand {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");

    private LaunchCommand() {
    }

    /** A ready ProcessBuilder, or 60002 when the target or the Java executable is missing. */
    public static ProcessBuilder build(InstanceSpec config, Path dir) {
        Path target = InstanceLayout.targetPath(dir, config.target());
        if (target == null || !Files.isRegularFile(target)) {
            throw new DaemonError(Failure.PROCESS_ERROR, "launch target '" + config.target() + "' does not exist");
        }
        List<String> cmd = new ArrayList<>();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        TargetType type = config.targetType();
        if (type == TargetType.JAR) {
            String java = javaExecutable(config.javaPath());
            cmd.add(java);
            cmd.addAll(config.arguments());
            cmd.add("-jar");
            cmd.add(config.target());
            if (config.instanceType().minecraft()) {
                cmd.add("nogui");
            }
            Path javaDir = Paths.get(java).getParent();
            if (javaDir != null) {
                String key = env.keySet().stream().filter(k -> k.equalsIgnoreCase("PATH")).findFirst().orElse("PATH");
                String old = env.get(key);
                env.put(key, javaDir + (old == null || old.isEmpty() ? "" : File.pathSeparator + old));
            }
        } else if (type == TargetType.SCRIPT) {
            cmd.addAll(scriptCommand(target));
        } else {
            cmd.add(target.toString());
            cmd.addAll(config.arguments());
        }
        for (Map.Entry<String, String> e : config.env().entrySet()) {
            String value = resolvePlaceholders(e.getValue(), System.getenv());
            if (value != null && e.getKey() != null && !e.getKey().isEmpty()) {
                env.put(e.getKey(), value);
            }
        }
        return pb;
    }

    /**
     * The environment of a PTY run (console.md §1): {@code TERM} and {@code COLORTERM} keep a value the
     * environment already has, else {@code xterm-256color} and {@code truecolor}; {@code COLUMNS} and
     * {@code LINES} are the initial size.
     */
    public static void terminalEnvironment(ProcessBuilder pb, int columns, int rows) {
        Map<String, String> env = pb.environment();
        if (env.get("TERM") == null || env.get("TERM").isEmpty()) {
            env.put("TERM", "xterm-256color");
        }
        if (env.get("COLORTERM") == null || env.get("COLORTERM").isEmpty()) {
            env.put("COLORTERM", "truecolor");
        }
        env.put("COLUMNS", Integer.toString(columns));
        env.put("LINES", Integer.toString(rows));
    }

    /** {@code java} (PATH lookup) or an existing file; 60002 otherwise. Empty means {@code java}. */
    public static String javaExecutable(String javaPath) {
        String java = javaPath == null || javaPath.isBlank() ? "java" : javaPath.trim();
        boolean bareName = !java.contains("/") && !java.contains("\\");
        if (bareName) {
            return java;
        }
        if (!Files.isRegularFile(Paths.get(java))) {
            throw new DaemonError(Failure.PROCESS_ERROR, "java_path '" + java + "' does not exist");
        }
        return java;
    }

    private static List<String> scriptCommand(Path script) {
        String name = script.getFileName().toString().toLowerCase(Locale.ROOT);
        if (WINDOWS && (name.endsWith(".bat") || name.endsWith(".cmd"))) {
            return List.of("cmd", "/c", script.toString());
        }
        if (WINDOWS && name.endsWith(".ps1")) {
            return List.of("powershell", "-ExecutionPolicy", "Bypass", "-File", script.toString());
        }
        if (!WINDOWS && !Files.isExecutable(script)) {
            return List.of("sh", script.toString());
        }
        return List.of(script.toString());
    }

    /** Replaces every {@code {NAME}}; null when one cannot be resolved (the variable is then not set). */
    public static String resolvePlaceholders(String value, Map<String, String> vars) {
        if (value == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            if (v == null) {
                return null;
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }
}
