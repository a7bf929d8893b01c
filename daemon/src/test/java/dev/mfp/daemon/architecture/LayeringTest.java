package dev.mfp.daemon.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, checked on the sources: a core package (files, instance, event, host, auth,
 * config, util, audit, metrics) never refers to a front end ({@code api}) or the transport; the transport never to a
 * domain.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/mfp/daemon");
    private static final List<String> CORE = List.of("files", "instance", "event", "host", "auth", "config", "util",
            "audit", "metrics", "operation", "backup", "plan", "monitoring", "provisioning", "automation");
    private static final Pattern REF = Pattern.compile("dev\\.mfp\\.daemon\\.(\\w+)");

    @Test
    void corePackagesKnowNoFrontEndAndNoTransport() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pkg : CORE) {
            violations.addAll(references(MAIN.resolve(pkg), List.of("api", "transport")));
        }
        assertThat(violations).isEmpty();
    }

    /**
     * The protocol-neutral core (instances, files, events, host, auth) takes and returns its own values: of the
     * protocol's v1 models it uses only the vocabulary both protocols share (the enums), except where it reads and
     * writes the documents the specification gives for its files ({@code daemon_instance.json}, the install metadata,
     * the rules' typed reading).
     */
    @Test
    void theNeutralCoreUsesNoWireRecords() throws IOException {
        Pattern model = Pattern.compile("dev\\.mfp\\.protocol\\.model\\.(\\w+)");
        List<String> shared = List.of("InstanceStatus", "InstanceType", "TargetType", "SourceType",
                "InstanceFactoryMirror");
        List<String> documents = List.of("instance/ConfigDocument.java", "instance/InstanceStore.java",
                "instance/rules/");
        List<String> violations = new ArrayList<>();
        for (String pkg : List.of("files", "instance", "event", "host", "auth")) {
            try (Stream<Path> s = Files.walk(MAIN.resolve(pkg))) {
                for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String rel = MAIN.relativize(f).toString();
                    if (documents.stream().anyMatch(rel::startsWith)) {
                        continue;
                    }
                    Matcher m = model.matcher(Files.readString(f, StandardCharsets.UTF_8));
                    while (m.find()) {
                        if (!shared.contains(m.group(1))) {
                            violations.add(rel + ": " + m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theTransportKnowsNoDomain() throws IOException {
        assertThat(references(MAIN.resolve("transport"), List.of("files", "instance", "host"))).isEmpty();
    }

    /** Two thin adapters on one core: neither front end builds on the other. */
    @Test
    void theFrontEndsKnowNotEachOther() throws IOException {
        assertThat(frontEndReferences(MAIN.resolve("api/v2"), "v1")).isEmpty();
        assertThat(frontEndReferences(MAIN.resolve("api/v1"), "v2")).isEmpty();
    }

    private static List<String> frontEndReferences(Path dir, String other) throws IOException {
        Pattern ref = Pattern.compile("dev\\.mfp\\.daemon\\.api\\." + other + "\\b");
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (ref.matcher(Files.readString(f, StandardCharsets.UTF_8)).find()) {
                    out.add(MAIN.relativize(f).toString());
                }
            }
        }
        return out;
    }

    @Test
    void everyV1ActionHandlerLivesInTheFrontEnd() throws IOException {
        assertThat(MAIN.resolve("handlers")).doesNotExist();
        try (Stream<Path> s = Files.walk(MAIN)) {
            List<String> handlers = s.filter(p -> p.getFileName().toString().endsWith("Handler.java"))
                    .map(p -> MAIN.relativize(p).toString()).filter(p -> !p.startsWith("api/v1/")
                            && !p.startsWith("transport/"))
                    .toList();
            assertThat(handlers).isEmpty();
        }
    }

    /** Files under {@code dir} that name a class of one of {@code forbidden} packages ("file: package"). */
    private static List<String> references(Path dir, List<String> forbidden) throws IOException {
        assertThat(dir).isDirectory();
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REF.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (forbidden.contains(m.group(1))) {
                        out.add(MAIN.relativize(f) + ": " + m.group());
                    }
                }
            }
        }
        return out;
    }
}
