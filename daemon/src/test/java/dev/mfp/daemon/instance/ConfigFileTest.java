package dev.mfp.daemon.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.daemon.instance.process.RunAs;
import dev.mfp.daemon.instance.rules.RuleDocument;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.model.TargetType;
import dev.mfp.protocol.v2.model.ConsoleMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file in-process: writes, the reload of a hand edit, an invalid edit, adoption, and the lock. */
class ConfigFileTest {
    @TempDir
    Path root;

    private final UUID id = UUID.randomUUID();

    private InstanceStore store() {
        return new InstanceStore(root, RunAs.SELF);
    }

    private InstanceSpec spec(String name) {
        return new InstanceSpec(name, "server.jar", InstanceType.UNIVERSAL, TargetType.JAR, id, "", null, null, null,
                List.of("-Xmx1G"), Map.of("A", "1"), List.of(new RuleDocument("{\"name\":\"r\",\"x-extra\":[1,2.5]}")),
                true, 7, ConsoleMode.PTY);
    }

    private Path dir() throws Exception {
        return Files.createDirectories(store().dir(id));
    }

    @Test
    void aWriteIsSavedAndReadsBackEqualWithTheRulesVerbatim() throws Exception {
        Path dir = dir();
        InstanceStore store = store();
        ConfigFile file = new ConfigFile(dir, spec("a"));
        List<InstanceSpec> told = new ArrayList<>();
        InstanceSpec written = file.write(store, c -> c.withSettings("b", c.instanceType(), "java", c.arguments(), ""),
                told::add);
        assertThat(written.name()).isEqualTo("b");
        assertThat(file.current()).isEqualTo(written);
        assertThat(told).containsExactly(written);
        assertThat(store.load(dir)).isEqualTo(written);
        String json = Files.readString(dir.resolve(InstanceLayout.CONFIG_FILE), StandardCharsets.UTF_8);
        assertThat(json).contains("\"x-extra\" : [ 1, 2.5 ]").contains("\"console_mode\" : \"pty\"");
    }

    @Test
    void aRefusedChangeWritesNothing() throws Exception {
        Path dir = dir();
        ConfigFile file = new ConfigFile(dir, spec("a"));
        assertThatThrownBy(() -> file.write(store(), c -> {
            throw new IllegalStateException("refused");
        }, c -> { })).hasMessage("refused");
        assertThat(Files.exists(dir.resolve(InstanceLayout.CONFIG_FILE))).isFalse();
        assertThat(file.current().name()).isEqualTo("a");
    }

    @Test
    void aHandEditIsReloadedOnceAndAnInvalidOneKeepsTheLastGoodValue() throws Exception {
        Path dir = dir();
        InstanceStore store = store();
        ConfigFile file = new ConfigFile(dir, spec("a"));
        file.write(store, c -> c, c -> { });
        Path f = dir.resolve(InstanceLayout.CONFIG_FILE);
        edit(f, Files.readString(f).replace("\"name\" : \"a\"", "\"name\" : \"edited\""));
        List<InstanceSpec> told = new ArrayList<>();
        file.reloadIfEdited(store, () -> false, told::add);
        assertThat(told).extracting(InstanceSpec::name).containsExactly("edited");
        assertThat(file.current().name()).isEqualTo("edited");
        file.reloadIfEdited(store, () -> false, told::add);
        assertThat(told).as("unchanged on disk: not read again").hasSize(1);

        edit(f, "{ not json");
        file.reloadIfEdited(store, () -> false, told::add);
        assertThat(told).hasSize(1);
        assertThat(file.current().name()).isEqualTo("edited");
    }

    @Test
    void aRemovedInstanceIsNotReloaded() throws Exception {
        Path dir = dir();
        InstanceStore store = store();
        ConfigFile file = new ConfigFile(dir, spec("a"));
        file.write(store, c -> c, c -> { });
        Path f = dir.resolve(InstanceLayout.CONFIG_FILE);
        edit(f, Files.readString(f).replace("\"name\" : \"a\"", "\"name\" : \"edited\""));
        List<InstanceSpec> told = new ArrayList<>();
        file.reloadIfEdited(store, () -> true, told::add);
        assertThat(told).isEmpty();
        assertThat(file.current().name()).isEqualTo("a");
    }

    @Test
    void adoptTakesTheValueAndTheFileAsItIs() throws Exception {
        Path dir = dir();
        InstanceStore store = store();
        ConfigFile file = new ConfigFile(dir, spec("a"));
        file.write(store, c -> c, c -> { });
        InstanceSpec restored = spec("restored");
        List<InstanceSpec> told = new ArrayList<>();
        file.adopt(store, restored, told::add);
        assertThat(file.current()).isEqualTo(restored);
        assertThat(told).containsExactly(restored);
        file.reloadIfEdited(store, () -> false, told::add);
        assertThat(told).as("the adopted file's stamp is remembered").hasSize(1);
    }

    @Test
    void concurrentWritesApplyOneAfterTheOtherAndAReloadSkipsAWriteInProgress() throws Exception {
        Path dir = dir();
        InstanceStore store = store();
        ConfigFile file = new ConfigFile(dir, spec("a"));
        file.write(store, c -> c, c -> { });
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<InstanceSpec> slow = pool.submit(() -> file.write(store, c -> {
                inside.countDown();
                await(release);
                return c.withAutoStart(false, c.autoStartDelaySeconds() + 1);
            }, c -> { }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            Path f = dir.resolve(InstanceLayout.CONFIG_FILE);
            edit(f, Files.readString(f).replace("\"name\" : \"a\"", "\"name\" : \"edited\""));
            List<InstanceSpec> told = new ArrayList<>();
            file.reloadIfEdited(store, () -> false, told::add);
            assertThat(told).as("skipped while a write holds the lock").isEmpty();
            Future<InstanceSpec> second = pool.submit(() -> file.write(store,
                    c -> c.withAutoStart(c.autoStart(), c.autoStartDelaySeconds() + 10), c -> { }));
            release.countDown();
            slow.get(10, TimeUnit.SECONDS);
            assertThat(second.get(10, TimeUnit.SECONDS).autoStartDelaySeconds()).as("both changes, none lost")
                    .isEqualTo(7 + 1 + 10);
            assertThat(store.load(dir)).isEqualTo(file.current());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** Rewrites the file with a modification time the daemon's stamp cannot have. */
    private static void edit(Path f, String content) throws Exception {
        FileTime before = Files.getLastModifiedTime(f);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.fromMillis(before.toMillis() + 5_000));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
