package dev.mfp.daemon.instance.factory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes {@code eula=true} into {@code eula.txt}, replacing an existing {@code eula=} line (files-and-instances.md §5.2). */
public final class Eula {
    public static final String FILE = "eula.txt";

    private Eula() {
    }

    public static void accept(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        if (Files.isRegularFile(f)) {
            for (String l : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                if (l.trim().startsWith("eula=")) {
                    if (!replaced) {
                        lines.add("eula=true");
                        replaced = true;
                    }
                } else {
                    lines.add(l);
                }
            }
        } else {
            lines.add("#By changing the setting below to TRUE you are indicating your agreement to our EULA "
                    + "(https://aka.ms/MinecraftEULA).");
        }
        if (!replaced) {
            lines.add("eula=true");
        }
        // not through a link a server could have put there
        Files.write(f, lines, StandardCharsets.ISO_8859_1, java.nio.file.LinkOption.NOFOLLOW_LINKS,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                java.nio.file.StandardOpenOption.WRITE);
    }
}
