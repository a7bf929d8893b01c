package dev.mfp.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packs the testkit programs into runnable jars at test time, from wherever the classes are (the
 * {@code target/classes} directory in a reactor build, or the testkit jar), so tests work from a fresh clone.
 */
public final class TestkitJars {
    private static final String PREFIX = "dev/mfp/testkit/";

    private TestkitJars() {
    }

    /** A runnable jar of {@link FakeMinecraftServer}. */
    public static Path serverJar(Path target) throws IOException {
        write(target, FakeMinecraftServer.class, Map.of());
        return target;
    }

    /** A fake Forge installer jar carrying {@code installProfileJson} as its {@code install_profile.json}. */
    public static Path forgeInstaller(Path target, String installProfileJson) throws IOException {
        write(target, FakeForgeInstaller.class,
                Map.of("install_profile.json", installProfileJson.getBytes(StandardCharsets.UTF_8)));
        return target;
    }

    /** The jar the given class was loaded from (installer side: copy itself as the installed "server"). */
    static Path ownJar(Class<?> type) throws IOException {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** Writes a server jar (Main-Class FakeMinecraftServer) from the classes of the jar or directory {@code from}. */
    static void writeServerJar(Path target, Path from) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        write(target, FakeMinecraftServer.class, Map.of(), classesOf(from));
    }

    private static void write(Path target, Class<?> main, Map<String, byte[]> extra) throws IOException {
        write(target, main, extra, classesOf(ownJar(TestkitJars.class)));
    }

    private static void write(Path target, Class<?> main, Map<String, byte[]> extra, Map<String, byte[]> classes)
            throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".testkit", ".jar");
        try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(os, mf)) {
            Map<String, byte[]> all = new LinkedHashMap<>(classes);
            all.putAll(extra);
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Map<String, byte[]> classesOf(Path location) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (Files.isDirectory(location)) {
            Path base = location.resolve(PREFIX);
            try (Stream<Path> s = Files.walk(base)) {
                for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    out.put(PREFIX + base.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        } else {
            try (JarFile jf = new JarFile(location.toFile())) {
                Enumeration<JarEntry> en = jf.entries();
                while (en.hasMoreElements()) {
                    JarEntry e = en.nextElement();
                    if (e.getName().startsWith(PREFIX) && e.getName().endsWith(".class")) {
                        try (InputStream in = jf.getInputStream(e)) {
                            out.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no testkit classes found at " + location);
        }
        return out;
    }
}
