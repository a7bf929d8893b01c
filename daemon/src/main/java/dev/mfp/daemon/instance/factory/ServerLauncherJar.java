package dev.mfp.daemon.instance.factory;

import dev.mfp.launcher.ServerLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** The bundled server launcher jar in {@code contained/}, extracted on demand from the daemon's own classes. */
public final class ServerLauncherJar {
    public static final String NAME = "mfp-server-launcher.jar";

    private ServerLauncherJar() {
    }

    /** {@code contained/mfp-server-launcher.jar}, written if missing. */
    public static synchronized Path ensure(Path contained) throws IOException {
        Path jar = contained.resolve(NAME);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(contained);
        String entry = ServerLauncher.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = ServerLauncher.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("launcher class " + entry + " not found");
            }
            bytes = in.readAllBytes();
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ServerLauncher.class.getName());
        Path tmp = Files.createTempFile(contained, ".launcher", ".jar");
        try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(os, mf)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(bytes);
            out.closeEntry();
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }
}
