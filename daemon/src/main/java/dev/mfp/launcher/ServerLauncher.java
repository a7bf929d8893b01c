package dev.mfp.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server launcher the daemon bundles (in {@code contained/}) for Forge/NeoForge ≥ 1.17, whose installers
 * produce no runnable server jar but a {@code run.sh}/{@code run.bat} that calls
 * {@code java @user_jvm_args.txt @libraries/…/unix_args.txt}. Run as {@code java <jvm args> -jar launcher.jar
 * nogui}, it starts that same command with the same Java and JVM arguments, shares stdin/stdout/stderr, and exits
 * with the server's exit code. Depends on nothing but the JDK; no nested classes, so it is one class file.
 */
public final class ServerLauncher {
    private static final Pattern ARGS_FILE = Pattern.compile("@(libraries[/\\\\][^\\s\"]+_args\\.txt)");

    private ServerLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get("").toAbsolutePath();
        String argsFile = findArgsFile(dir);
        if (argsFile == null) {
            System.err.println("mfp-server-launcher: no run script or libraries/**/"
                    + (windows() ? "win" : "unix") + "_args.txt found in " + dir);
            System.exit(1);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", windows() ? "java.exe" : "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (Files.isRegularFile(dir.resolve("user_jvm_args.txt"))) {
            cmd.add("@user_jvm_args.txt");
        }
        cmd.add("@" + argsFile);
        for (String a : args) {
            cmd.add(a);
        }
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        System.exit(p.waitFor());
    }

    static String findArgsFile(Path dir) throws IOException {
        Path script = dir.resolve(windows() ? "run.bat" : "run.sh");
        if (Files.isRegularFile(script)) {
            Matcher m = ARGS_FILE.matcher(new String(Files.readAllBytes(script), StandardCharsets.UTF_8));
            if (m.find() && Files.isRegularFile(dir.resolve(m.group(1)))) {
                return m.group(1);
            }
        }
        String wanted = windows() ? "win_args.txt" : "unix_args.txt";
        for (String base : new String[] {"libraries/net/minecraftforge/forge", "libraries/net/neoforged/neoforge",
                "libraries/net/neoforged/forge", "libraries/com/cleanroommc/cleanroom"}) {
            Path d = dir.resolve(base);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(d)) {
                for (Path v : versions) {
                    if (Files.isRegularFile(v.resolve(wanted))) {
                        return dir.relativize(v.resolve(wanted)).toString();
                    }
                }
            }
        }
        return null;
    }

    private static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");
    }
}
