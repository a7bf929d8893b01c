package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.V2Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.Daemon;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstancesFeature;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.Requests;
import dev.mfp.daemon.support.ScriptServer;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.v2.BinaryFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * console.md over a real /api/v2 WebSocket with real child processes: a shell "server" that prints its terminal
 * ({@code tty}, {@code stty size}) and answers its input, started in pipe and in PTY console mode.
 */
@DaemonTest
class V2ConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SOURCE_ZIP = "console.zip";
    private static final String SOURCE = "caches/uploads/" + SOURCE_ZIP;
    private static final String SCRIPT = """
            #!/bin/sh
            tty
            stty size
            echo "uid:$(id -u)"
            [ -t 0 ] && echo "reopened by name" > "$(tty)"
            while IFS= read -r line; do
              case "$line" in
                size) stty size ;;
                color) printf '\\033[31mred\\033[0m \\033]0;title\\007plain\\r\\n' ;;
                *) printf 'got:%s\\n' "$line" ;;
              esac
            done
            """;
    private static TestDaemon daemon;
    @MainClient
    private static MfpV2Client c;

    @BeforeAll
    static void up() throws Exception {
        ScriptServer.upload(daemon.root(), SOURCE_ZIP, SCRIPT);
    }

    @AfterAll
    static void down() {
        for (JsonNode item : c.call("mcsl.instance.catalog.get").get("items")) {
            c.call("mcsl.instance.halt", Map.of("instance_id", item.get("instance_id").asText()));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static UUID create(String name, String consoleMode) {
        ObjectNode cfg = V2Fixtures.configuration(UUID.randomUUID(), name, "universal", "server.sh", "script", "", "",
                List.of());
        if (consoleMode != null) {
            cfg.put("console_mode", consoleMode);
        }
        JsonNode config = c.call("mcsl.instance.create", V2Fixtures.setting(cfg, SOURCE, "archive")).get("config");
        assertThat(config.get("console_mode").asText()).isEqualTo(consoleMode == null ? "pipe" : consoleMode);
        return UUID.fromString(config.get("instance_id").asText());
    }

    private static String status(UUID id) {
        return V2Fixtures.status(c, id);
    }

    private static void start(UUID id) {
        c.call("mcsl.instance.start", id(id));
        V2Fixtures.awaitStatus(c, id, "running");
    }

    private static void halt(UUID id) {
        c.call("mcsl.instance.halt", id(id));
        await().atMost(WAIT).until(() -> status(id).equals("stopped") || status(id).equals("crashed"));
    }

    private static List<String> history(UUID id) {
        List<String> out = new ArrayList<>();
        c.call("mcsl.instance.log.get", id(id)).get("logs").forEach(l -> out.add(l.asText()));
        return out;
    }

    private static void awaitHistory(UUID id, String line) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(history(id)).contains(line));
    }

    private static String error(Supplier<JsonNode> call) {
        MfpV2Exception e = catchThrowableOfType(MfpV2Exception.class, call::get);
        assertThat(e).as("expected an error").isNotNull();
        return e.daemonErrorCode();
    }

    private static JsonNode open(MfpV2Client client, UUID instance, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("instance_id", instance.toString());
        return client.call("mcsl.instance.console.open", p);
    }

    private static void input(MfpV2Client client, UUID session, long offset, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        client.sendBinary(BinaryFrame.encode(BinaryFrame.Kind.CONSOLE_INPUT, session, offset, b, 0, b.length)).join();
    }

    /** The ConsoleOutput frames a client receives, per session, checked to be contiguous. */
    private static final class Output {
        private final MfpV2Client client;
        private final Map<UUID, ByteArrayOutputStream> bytes = new HashMap<>();
        private final Map<UUID, Long> first = new HashMap<>();
        private final Map<UUID, Long> next = new HashMap<>();
        private final List<Long> offsets = new ArrayList<>();

        Output(MfpV2Client client) {
            this.client = client;
        }

        /** Reads frames until the text of {@code session} matches {@code pattern}; returns that text. */
        String until(UUID session, Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!pattern.matcher(text(session)).find()) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("output of %s so far: %s", session, text(session)).isPositive();
                ByteBuffer m = client.nextBinary(Duration.ofNanos(left));
                if (m != null) {
                    take(m);
                }
            }
            return text(session);
        }

        /** Whatever arrives within {@code d}. */
        void drain(Duration d) throws InterruptedException {
            ByteBuffer m;
            while ((m = client.nextBinary(d)) != null) {
                take(m);
            }
        }

        private void take(ByteBuffer m) {
            BinaryFrame.Decoded d = BinaryFrame.decode(m);
            assertThat(d.isFrame()).isTrue();
            BinaryFrame f = d.frame();
            assertThat(f.kind()).isEqualTo(BinaryFrame.Kind.CONSOLE_OUTPUT);
            assertThat(f.payload().remaining()).isBetween(1, 65_536);
            UUID s = f.sessionId();
            Long expected = next.get(s);
            if (expected != null) {
                assertThat(f.offset()).as("contiguous offsets").isEqualTo(expected);
            } else {
                first.put(s, f.offset());
            }
            offsets.add(f.offset());
            byte[] b = new byte[f.payload().remaining()];
            f.payload().get(b);
            bytes.computeIfAbsent(s, k -> new ByteArrayOutputStream()).writeBytes(b);
            next.put(s, f.offset() + b.length);
        }

        String text(UUID session) {
            ByteArrayOutputStream b = bytes.get(session);
            return b == null ? "" : b.toString(StandardCharsets.UTF_8);
        }

        Long firstOffset(UUID session) {
            return first.get(session);
        }

        boolean any(UUID session) {
            return bytes.containsKey(session);
        }
    }

    private static Instance instance(UUID id) throws Exception {
        java.lang.reflect.Field f = Daemon.class.getDeclaredField("features");
        f.setAccessible(true);
        for (Object feature : (List<?>) f.get(daemon.daemon())) {
            if (feature instanceof InstancesFeature i) {
                return i.manager().get(id);
            }
        }
        throw new IllegalStateException("no instances feature");
    }

    // ---- tests --------------------------------------------------------------------------------------------

    /** §2 check order: size before instance, unknown instance, no live process. */
    @Test
    void openChecksSizeThenInstanceThenProcess() {
        UUID stopped = create("stopped", "pty");
        assertThat(error(() -> open(c, UUID.randomUUID(), Map.of("columns", 0)))).isEqualTo("console.size_invalid");
        assertThat(error(() -> open(c, stopped, Map.of("rows", 0)))).isEqualTo("console.size_invalid");
        assertThat(error(() -> open(c, UUID.randomUUID(), Map.of()))).isEqualTo("instance.not_found");
        assertThat(error(() -> open(c, stopped, Map.of()))).isEqualTo("instance.not_running");
        MfpV2Exception range = catchThrowableOfType(MfpV2Exception.class, () -> open(c, stopped,
                Map.of("columns", 70000)));
        assertThat(range.code()).isEqualTo(-32602); // uint16
        c.call("mcsl.instance.remove", id(stopped));
    }

    /** §3: resize of an unknown or foreign session, size, close always {} but for the all-zero id (decisions 12). */
    @Test
    void resizeAndCloseErrors() throws Exception {
        assertThat(error(() -> c.call("mcsl.instance.console.resize", Map.of("session_id", UUID.randomUUID()
                .toString(), "columns", 80, "rows", 24)))).isEqualTo("console.session_not_found");
        assertThat(c.call("mcsl.instance.console.close", Map.of("session_id", UUID.randomUUID().toString())))
                .isEmpty();
        assertThat(error(() -> c.call("mcsl.instance.console.close", Map.of("session_id",
                "00000000-0000-0000-0000-000000000000")))).isEqualTo("file.session.not_found");

        UUID inst = create("resize-errors", "pipe");
        start(inst);
        JsonNode opened = open(c, inst, Map.of());
        assertThat(opened.get("instance_id").asText()).isEqualTo(inst.toString());
        assertThat(opened.get("columns").asInt()).isEqualTo(120);
        assertThat(opened.get("rows").asInt()).isEqualTo(40);
        assertThat(opened.get("max_chunk_size").asInt()).isEqualTo(65_536);
        assertThat(java.time.OffsetDateTime.parse(opened.get("expires_at").asText()).toInstant())
                .isBetween(java.time.Instant.now().plus(Duration.ofHours(6)).minusSeconds(60),
                        java.time.Instant.now().plus(Duration.ofHours(6)).plusSeconds(60));
        String session = opened.get("session_id").asText();
        assertThat(error(() -> c.call("mcsl.instance.console.resize", Map.of("session_id", session, "columns", 0,
                "rows", 24)))).isEqualTo("console.size_invalid");
        assertThat(c.call("mcsl.instance.console.resize", Map.of("session_id", session, "columns", 80, "rows", 24)))
                .isEmpty(); // pipe mode: a no-op
        // another connection neither sees nor closes it
        MfpV2Client other = daemon.v2();
        assertThat(error(() -> other.call("mcsl.instance.console.resize", Map.of("session_id", session, "columns", 80,
                "rows", 24)))).isEqualTo("console.session_not_found");
        assertThat(other.call("mcsl.instance.console.close", Map.of("session_id", session))).isEmpty();
        assertThat(c.call("mcsl.instance.console.resize", Map.of("session_id", session, "columns", 81, "rows", 24)))
                .isEmpty();
        // §6: the process ending does not end the session, but resizing it is not_running
        halt(inst);
        assertThat(error(() -> c.call("mcsl.instance.console.resize", Map.of("session_id", session, "columns", 80,
                "rows", 24)))).isEqualTo("instance.not_running");
        assertThat(c.call("mcsl.instance.console.close", Map.of("session_id", session))).isEmpty();
        assertThat(error(() -> c.call("mcsl.instance.console.resize", Map.of("session_id", session, "columns", 80,
                "rows", 24)))).isEqualTo("console.session_not_found");
        c.call("mcsl.instance.remove", id(inst));
    }

    /** §4 in pipe mode: bytes go raw to stdin; a wrong offset is dropped silently; no output frames at all. */
    @Test
    void pipeModeInputReachesStdinAndWrongOffsetsAreIgnored() throws Exception {
        MfpV2Client client = daemon.v2();
        UUID inst = create("pipe", null);
        start(inst);
        awaitHistory(inst, "not a tty");
        UUID session = UUID.fromString(open(client, inst, Map.of("replay_history", true)).get("session_id").asText());
        input(client, session, 0, "hello pipe\n");
        awaitHistory(inst, "got:hello pipe");
        input(client, session, 0, "stale offset\n"); // expected 11
        input(client, session, 12, "gap\n");
        input(client, session, 11, "part");
        input(client, session, 15, "ial\n");
        awaitHistory(inst, "got:partial");
        assertThat(history(inst)).doesNotContain("got:stale offset", "got:gap");
        // the command line of command.send still works beside it
        client.call("mcsl.instance.command.send", Map.of("instance_id", inst.toString(), "command", "both"));
        awaitHistory(inst, "got:both");
        // never answered, and pipe mode sends no output frames
        assertThat(client.nextUnmatched(Duration.ofMillis(300))).isNull();
        assertThat(client.nextBinary(Duration.ofMillis(300))).isNull();
        assertThat(client.nextNotification(Duration.ofMillis(10))).isNull();
        halt(inst);
        c.call("mcsl.instance.remove", id(inst));
    }

    /**
     * §1, §2, §5 in PTY mode: a real terminal (tty names /dev/pts/N, stty size follows open and resize), the output
     * as contiguous frames from offset 0 with replay, lines without escape sequences in the log.
     */
    @Test
    void ptyModeIsARealTerminal() throws Exception {
        MfpV2Client client = daemon.v2();
        UUID inst = create("pty", "pty");
        JsonNode settings = c.call("mcsl.instance.settings.get", id(inst));
        assertThat(settings.get("config").get("console_mode").asText()).isEqualTo("pty");
        start(inst);
        assertThat(c.call("mcsl.instance.report.get", id(inst)).get("config").get("console_mode").asText())
                .isEqualTo("pty");
        // the initial size (120 × 40) is printed at once; open with replay sees it from offset 0
        await().atMost(WAIT).untilAsserted(() -> assertThat(history(inst)).contains("40 120"));
        assertThat(history(inst)).anyMatch(l -> l.matches("/dev/pts/\\d+"));
        // as root the daemon runs servers as another user, who can still open the terminal by its name
        awaitHistory(inst, "reopened by name");
        if (dev.mfp.daemon.instance.process.RunAs.daemonUid() == 0) {
            assertThat(history(inst)).anyMatch(l -> l.matches("uid:[1-9]\\d*"));
        }
        UUID session = UUID.fromString(open(client, inst, Map.of("columns", 100, "rows", 30, "replay_history", true))
                .get("session_id").asText());
        Output out = new Output(client);
        out.until(session, Pattern.compile("/dev/pts/\\d+\\r\\n40 120\\r\\nuid:"));
        assertThat(out.firstOffset(session)).isZero();
        // open resized the terminal before attaching
        input(client, session, 0, "size\n");
        out.until(session, Pattern.compile("30 100\\r\\n"));
        client.call("mcsl.instance.console.resize", Map.of("session_id", session.toString(), "columns", 50,
                "rows", 20));
        input(client, session, 5, "size\n");
        out.until(session, Pattern.compile("20 50\\r\\n"));
        awaitHistory(inst, "20 50");
        // escape sequences are stripped from the lines; the raw output keeps them
        input(client, session, 10, "color\n");
        out.until(session, Pattern.compile("\u001b\\[31mred"));
        awaitHistory(inst, "red plain");
        // a wrong offset is ignored silently; the right one still works afterwards
        input(client, session, 3, "wrong\n");
        input(client, session, 16, "right\n");
        out.until(session, Pattern.compile("got:right"));
        assertThat(out.text(session)).doesNotContain("got:wrong");
        assertThat(client.nextUnmatched(Duration.ofMillis(200))).isNull();
        // command.send goes to the terminal too
        c.call("mcsl.instance.command.send", Map.of("instance_id", inst.toString(), "command", "via command"));
        out.until(session, Pattern.compile("got:via command"));
        assertThat(out.offsets).isSorted();

        // a second session without replay_history (client-compat §7) gets only what comes after the open
        MfpV2Client second = daemon.v2();
        UUID s2 = UUID.fromString(open(second, inst, Map.of()).get("session_id").asText());
        Output out2 = new Output(second);
        input(second, s2, 0, "later\n");
        out2.until(s2, Pattern.compile("got:later"));
        assertThat(out2.firstOffset(s2)).isPositive();
        assertThat(out2.text(s2)).doesNotContain("/dev/pts/");
        out.until(session, Pattern.compile("got:later")); // the first session sees it as well

        // console.close detaches: no more frames for that session
        assertThat(instance(inst).consoleOutputListeners()).isEqualTo(2);
        second.call("mcsl.instance.console.close", Map.of("session_id", s2.toString()));
        assertThat(instance(inst).consoleOutputListeners()).isEqualTo(1);
        out2.drain(Duration.ofMillis(200));
        c.call("mcsl.instance.command.send", Map.of("instance_id", inst.toString(), "command", "after close"));
        out.until(session, Pattern.compile("got:after close"));
        out2.drain(Duration.ofMillis(300));
        assertThat(out2.text(s2)).doesNotContain("after close");

        // the session is owned by its connection: closing the connection ends it
        client.close();
        await().atMost(WAIT).until(() -> instance(inst).consoleOutputListeners() == 0);
        halt(inst);
    }

    /** §5.1, §6: the history belongs to the run; an old session sees nothing of the next run and its input is dropped. */
    @Test
    void aNewRunStartsAtOffsetZeroAndOldSessionsStaySilent() throws Exception {
        UUID inst = create("pty-restart", "pty");
        start(inst);
        MfpV2Client client = daemon.v2();
        UUID s1 = UUID.fromString(open(client, inst, Map.of("replay_history", true)).get("session_id").asText());
        Output out = new Output(client);
        out.until(s1, Pattern.compile("40 120"));
        halt(inst);
        out.drain(Duration.ofMillis(200));
        String before = out.text(s1);
        input(client, s1, 0, "dropped\n"); // no live process: dropped silently
        start(inst);
        UUID s2 = UUID.fromString(open(client, inst, Map.of("replay_history", true)).get("session_id").asText());
        out.until(s2, Pattern.compile("/dev/pts/\\d+\\r\\n40 120"));
        assertThat(out.firstOffset(s2)).isZero();
        input(client, s1, 0, "old session\n");
        input(client, s2, 0, "new session\n");
        out.until(s2, Pattern.compile("got:new session"));
        out.drain(Duration.ofMillis(300));
        assertThat(out.text(s1)).isEqualTo(before);
        assertThat(history(inst)).doesNotContain("got:dropped", "got:old session");
        halt(inst);
        c.call("mcsl.instance.remove", id(inst));
    }

    /** §1: a Java Minecraft server (the testkit fake) in PTY mode: ready detection on the decoded lines, stop. */
    @Test
    void aMinecraftServerRunsOnATerminal() throws Exception {
        UUID inst = Instances.addServer(daemon, daemon.client(), "mc-pty");
        Map<String, Object> update = new HashMap<>();
        update.put("instance_id", inst.toString());
        update.put("name", "mc-pty");
        update.put("instance_type", "mc_vanilla");
        update.put("java_path", null);
        update.put("arguments", FakeServer.smallJvm());
        update.put("version", null);
        update.put("replacement_core", null);
        update.put("force_rerun_installer", false);
        update.put("console_mode", "pty");
        c.call("mcsl.instance.settings.update", update);
        MfpV2Client client = daemon.v2();
        c.call("mcsl.instance.start", id(inst));
        UUID session = UUID.fromString(open(client, inst, Map.of("replay_history", true)).get("session_id").asText());
        await().atMost(Duration.ofSeconds(60)).until(() -> status(inst).equals("running"));
        assertThat(history(inst)).anyMatch(l -> l.contains("Done (")).noneMatch(l -> l.contains("\u001b"));
        Output out = new Output(client);
        out.until(session, Pattern.compile("Done \\("));
        c.call("mcsl.instance.stop", id(inst));
        await().atMost(Duration.ofSeconds(60)).until(() -> status(inst).equals("stopped"));
        c.call("mcsl.instance.remove", id(inst));
    }

    /** models.md §3.1: settings.update sets console_mode (null keeps it); the file holds it only for pty. */
    @Test
    void consoleModeIsStoredWithTheConfiguration() throws Exception {
        UUID inst = create("mode", null);
        Path file = daemon.root().resolve("instances/" + inst + "/daemon_instance.json");
        assertThat(Json.mapper().readTree(Files.readString(file)).has("console_mode")).isFalse();
        Map<String, Object> update = new HashMap<>();
        update.put("instance_id", inst.toString());
        update.put("name", "mode");
        update.put("instance_type", "universal");
        update.put("java_path", null);
        update.put("arguments", List.of());
        update.put("version", null);
        update.put("replacement_core", null);
        update.put("force_rerun_installer", false);
        update.put("console_mode", "pty");
        assertThat(c.call("mcsl.instance.settings.update", update).get("config").get("console_mode").asText())
                .isEqualTo("pty");
        assertThat(Json.mapper().readTree(Files.readString(file)).get("console_mode").asText()).isEqualTo("pty");
        update.put("console_mode", null);
        update.put("name", "mode2");
        assertThat(c.call("mcsl.instance.settings.update", update).get("config").get("console_mode").asText())
                .isEqualTo("pty");
        update.remove("console_mode");
        assertThat(c.call("mcsl.instance.settings.update", update).get("config").get("console_mode").asText())
                .isEqualTo("pty");
        // a v1 rewrite of the file keeps it
        daemon.client().call("update_instance_settings", Requests.params("id", inst.toString(),
                "name", "v1 name", "instance_type", "universal", "java_path", "", "arguments", List.of(),
                "force_rerun_installer", false));
        assertThat(c.call("mcsl.instance.settings.get", id(inst)).get("config").get("console_mode").asText())
                .isEqualTo("pty");
        update.put("console_mode", "pipe");
        assertThat(c.call("mcsl.instance.settings.update", update).get("config").get("console_mode").asText())
                .isEqualTo("pipe");
        assertThat(Json.mapper().readTree(Files.readString(file)).has("console_mode")).isFalse();
        ObjectNode v1 = (ObjectNode) daemon.client().call("get_instance_settings",
                Requests.params("id", inst.toString()));
        assertThat(v1.toString()).doesNotContain("console_mode");
        c.call("mcsl.instance.remove", id(inst));
    }
}
