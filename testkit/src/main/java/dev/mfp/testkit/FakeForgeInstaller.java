package dev.mfp.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a Forge/NeoForge installer jar, for offline tests. {@code --installServer [dir]} reads the
 * {@code install_profile.json} packed in its own jar and creates what the real installer leaves behind:
 *
 * <ul>
 *   <li>Minecraft ≥ 1.17 (modern): {@code libraries/<group>/<artifact>/<version>/} with the server jar,
 *   {@code unix_args.txt}/{@code win_args.txt}, {@code user_jvm_args.txt}, {@code run.sh}, {@code run.bat};</li>
 *   <li>older, spec-1 profile ({@code path}): {@code <artifact>-<version>.jar} in the server folder;</li>
 *   <li>legacy profile ({@code install.filePath}): that file in the server folder.</li>
 * </ul>
 *
 * The "server" it installs is {@link FakeMinecraftServer}. A profile containing {@code "testkit_fail": true}
 * makes the installation fail with exit code 1.
 */
public final class FakeForgeInstaller {
    private FakeForgeInstaller() {
    }

    public static void main(String[] args) throws Exception {
        int i = List.of(args).indexOf("--installServer");
        if (i < 0) {
            System.out.println("Usage: --installServer [dir]");
            System.exit(2);
        }
        Path dir = (i + 1 < args.length && !args[i + 1].startsWith("-")) ? Paths.get(args[i + 1]) : Paths.get("");
        dir = dir.toAbsolutePath();
        String profile;
        try (InputStream in = FakeForgeInstaller.class.getResourceAsStream("/install_profile.json")) {
            if (in == null) {
                System.err.println("install_profile.json missing from the installer");
                System.exit(1);
                return;
            }
            profile = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        System.out.println("JVM info: " + System.getProperty("java.vendor") + " - " + System.getProperty("java.version"));
        System.out.println("Target Directory: " + dir);
        if (profile.matches("(?s).*\"testkit_fail\"\\s*:\\s*true.*")) {
            System.out.println("Downloading library from https://maven.minecraftforge.net/ failed");
            System.err.println("There was an error during installation");
            System.exit(1);
        }
        String mc = field(profile, "minecraft");
        String path = field(profile, "path");
        String filePath = field(profile, "filePath");
        Path serverJar = TestkitJars.ownJar(FakeForgeInstaller.class);
        Files.createDirectories(dir.resolve("libraries/net/minecraft/server/" + mc));
        System.out.println("Considering minecraft server jar");
        TestkitJars.writeServerJar(dir.resolve("libraries/net/minecraft/server/" + mc + "/server-" + mc + ".jar"), serverJar);
        if (path != null && modern(mc)) {
            String[] gav = path.split(":");
            Path libDir = dir.resolve("libraries/" + gav[0].replace('.', '/') + "/" + gav[1] + "/" + gav[2]);
            Files.createDirectories(libDir);
            String rel = "libraries/" + gav[0].replace('.', '/') + "/" + gav[1] + "/" + gav[2];
            String jar = rel + "/" + gav[1] + "-" + gav[2] + "-server.jar";
            TestkitJars.writeServerJar(dir.resolve(jar), serverJar);
            String argsText = "-cp " + jar + "\n" + FakeMinecraftServer.class.getName() + "\n";
            Files.writeString(libDir.resolve("unix_args.txt"), argsText);
            Files.writeString(libDir.resolve("win_args.txt"), argsText.replace('/', '\\').replace("dev\\mfp", "dev/mfp"));
            Files.writeString(dir.resolve("user_jvm_args.txt"),
                    "# Xmx and Xms set the maximum and minimum RAM usage, respectively.\n# -Xmx4G\n");
            Files.writeString(dir.resolve("run.sh"), "#!/usr/bin/env sh\n"
                    + "# Forge requires a configured set of both JVM and program arguments.\n"
                    + "java @user_jvm_args.txt @" + rel + "/unix_args.txt \"$@\"\n");
            Files.writeString(dir.resolve("run.bat"), "java @user_jvm_args.txt @" + rel.replace('/', '\\')
                    + "\\win_args.txt %*\r\npause\r\n");
            dir.resolve("run.sh").toFile().setExecutable(true);
        } else if (path != null) {
            String[] gav = path.split(":");
            TestkitJars.writeServerJar(dir.resolve(gav[1] + "-" + gav[2] + ".jar"), serverJar);
        } else if (filePath != null) {
            TestkitJars.writeServerJar(dir.resolve(filePath), serverJar);
        } else {
            System.err.println("install_profile.json has neither path nor install.filePath");
            System.exit(1);
        }
        System.out.println("The server installed successfully");
        System.out.flush();
    }

    private static boolean modern(String mc) {
        String[] p = mc.split("\\.");
        return p.length >= 2 && Integer.parseInt(p[1]) >= 17;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

}
