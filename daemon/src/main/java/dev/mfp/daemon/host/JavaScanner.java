package dev.mfp.daemon.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Java runtimes: PATH, JAVA_HOME, /usr/lib/jvm and the usual install folders. The version and
 * architecture come from the runtime's {@code release} file when it has one, so most runtimes are not
 * started; only those without it run {@code java -version}. Results are cached for {@link #TTL_MS}.
 */
public final class JavaScanner {
    public static final long TTL_MS = 30_000;
    private static final Pattern VERSION = Pattern.compile("version \"([^\"]+)\"");
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    private static final String EXE = WINDOWS ? "java.exe" : "java";

    private final Map<String, String> env;
    private List<JavaInstall> cached;
    private long cachedAt;

    public JavaScanner() {
        this(System.getenv());
    }

    public JavaScanner(Map<String, String> env) {
        this.env = env;
    }

    public synchronized List<JavaInstall> list() {
        long now = System.currentTimeMillis();
        if (cached == null || now - cachedAt > TTL_MS) {
            cached = List.copyOf(scan());
            cachedAt = System.currentTimeMillis();
        }
        return cached;
    }

    private List<JavaInstall> scan() {
        Set<Path> executables = new LinkedHashSet<>();
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                addExecutable(executables, Paths.get(dir).resolve(EXE));
            }
        }
        String javaHome = env.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            addExecutable(executables, Paths.get(javaHome, "bin", EXE));
        }
        String home = System.getProperty("user.home", "");
        List<Path> parents = new ArrayList<>(List.of(Paths.get("/usr/lib/jvm"), Paths.get("/usr/java"),
                Paths.get("/usr/local/java"), Paths.get("/opt/java"), Paths.get("/opt"), Paths.get("/opt/jdk"),
                Paths.get(home, ".sdkman", "candidates", "java"), Paths.get(home, ".jdks"),
                Paths.get("/Library/Java/JavaVirtualMachines")));
        if (WINDOWS) {
            for (String pf : new String[] {env.get("ProgramFiles"), env.get("ProgramFiles(x86)")}) {
                if (pf != null) {
                    for (String vendor : new String[] {"Java", "Eclipse Adoptium", "Microsoft", "Zulu", "BellSoft"}) {
                        parents.add(Paths.get(pf, vendor));
                    }
                }
            }
        }
        for (Path parent : parents) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (DirectoryStream<Path> homes = Files.newDirectoryStream(parent)) {
                for (Path h : homes) {
                    addExecutable(executables, h.resolve("bin").resolve(EXE));
                    addExecutable(executables, h.resolve("Contents/Home/bin").resolve(EXE));
                    addExecutable(executables, h.resolve("jre/bin").resolve(EXE));
                }
            } catch (IOException ignored) {
                // an unreadable folder has no runtimes for us
            }
        }
        Map<Path, JavaInstall> found = new LinkedHashMap<>();
        for (Path exe : executables) {
            JavaInstall info = describe(exe);
            if (info != null) {
                found.putIfAbsent(exe, info);
            }
        }
        return new ArrayList<>(found.values());
    }

    private static void addExecutable(Set<Path> out, Path candidate) {
        try {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                out.add(candidate.toRealPath());
            }
        } catch (IOException | SecurityException ignored) {
            // broken link or no access: not a usable runtime
        }
    }

    static JavaInstall describe(Path exe) {
        Path binDir = exe.getParent();
        Path javaHome = binDir == null ? null : binDir.getParent();
        if (javaHome != null) {
            Path release = javaHome.resolve("release");
            if (!Files.isRegularFile(release) && javaHome.getFileName() != null
                    && javaHome.getFileName().toString().equals("jre") && javaHome.getParent() != null) {
                release = javaHome.getParent().resolve("release");
            }
            if (Files.isRegularFile(release)) {
                JavaInstall fromRelease = fromRelease(exe, release);
                if (fromRelease != null) {
                    return fromRelease;
                }
            }
        }
        return fromVersionOutput(exe);
    }

    private static JavaInstall fromRelease(Path exe, Path release) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        String version = unquote(p.getProperty("JAVA_VERSION"));
        if (version == null || version.isEmpty()) {
            return null;
        }
        String arch = unquote(p.getProperty("OS_ARCH"));
        return new JavaInstall(exe.toString(), version, arch == null ? "x64" : architecture(arch));
    }

    static String architecture(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
        boolean is32 = a.equals("x86") || a.equals("i386") || a.equals("i586") || a.equals("i686") || a.equals("arm");
        return is32 ? "x86" : "x64";
    }

    private static JavaInstall fromVersionOutput(Path exe) {
        try {
            Process p = new ProcessBuilder(exe.toString(), "-version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(64 * 1024);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String text = new String(out, StandardCharsets.UTF_8);
            Matcher m = VERSION.matcher(text);
            if (!m.find()) {
                return null;
            }
            return new JavaInstall(exe.toString(), m.group(1), text.contains("64-Bit") ? "x64" : "x86");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String unquote(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }
}
