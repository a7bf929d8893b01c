package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.instance.InstallRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Helpers shared by the factories: top-level listings and install metadata. */
final class Installs {
    private Installs() {
    }

    static Set<String> topLevel(Path dir) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    /** Root-relative paths of the top-level entries created since {@code before}. */
    static List<String> generated(Path dir, Set<String> before, String instancePath) throws IOException {
        List<String> out = new ArrayList<>();
        for (String n : topLevel(dir)) {
            if (!before.contains(n) && !n.startsWith("daemon_")) {
                out.add(instancePath + "/" + n);
            }
        }
        return out;
    }

    static InstallRecord metadata(String kind, String source, List<String> generated, String target) {
        String now = installedAt(OffsetDateTime.now());
        return new InstallRecord(kind, source, generated, target, now);
    }

    /**
     * models.md §3.12: ISO-8601 with a numeric offset as C#'s DateTimeOffset writes it ({@code +00:00}, never
     * {@code Z}), to the second.
     */
    static final DateTimeFormatter INSTALLED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    static String installedAt(OffsetDateTime t) {
        return t.truncatedTo(ChronoUnit.SECONDS).format(INSTALLED_AT);
    }
}
