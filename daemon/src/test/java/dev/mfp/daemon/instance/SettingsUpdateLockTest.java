package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.DaemonErrors.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.error.Failure;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.model.InstanceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * In process: while a settings update runs (a reinstall can take minutes) the instance's state stays readable, and
 * a start, a removal or a second update are refused with 30003 instead of waiting for it.
 */
class SettingsUpdateLockTest {
    @Test
    void anUpdateInProgressBlocksStartAndRemovalButNotReads() throws Exception {
        Path dir = Files.createTempDirectory("mfp-update-lock");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService threads = Executors.newCachedThreadPool();
        CountDownLatch release = new CountDownLatch(1);
        try {
            UUID id = UUID.randomUUID();
            InstanceConfig config = Json.mapper().readValue("{\"name\":\"u\",\"target\":\"server.jar\","
                    + "\"instance_type\":\"mc_vanilla\",\"target_type\":\"jar\",\"uuid\":\"" + id + "\"}",
                    InstanceConfig.class);
            Instance inst = new Instance(ConfigDocument.spec(config), dir, new EventBus(), InstanceSettings.defaults(), scheduler,
                    Runnable::run);
            CountDownLatch inside = new CountDownLatch(1);
            CompletableFuture<String> update = CompletableFuture.supplyAsync(() -> {
                try {
                    return inst.whileStopped(() -> {
                        inside.countDown();
                        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                        return "updated";
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            // reads answer at once (they take the state lock the update no longer holds)
            CompletableFuture<Boolean> read = CompletableFuture.supplyAsync(inst::hasProcess, threads);
            assertThat(read.get(5, TimeUnit.SECONDS)).isFalse();
            assertThat(inst.process()).isEmpty();
            assertThat(failureOf(() -> inst.start())).isEqualTo(Failure.BAD_INSTANCE_STATE);
            assertThat(failureOf(inst::markRemoved)).isEqualTo(Failure.BAD_INSTANCE_STATE);
            assertThat(failureOf(() -> inst.whileStopped(() -> "second"))).isEqualTo(Failure.BAD_INSTANCE_STATE);
            release.countDown();
            assertThat(update.get(10, TimeUnit.SECONDS)).isEqualTo("updated");
            // afterwards the instance is free again
            assertThat(inst.whileStopped(() -> "again")).isEqualTo("again");
            inst.markRemoved();
            assertThat(inst.isRemoved()).isTrue();
        } finally {
            release.countDown();
            threads.shutdownNow();
            scheduler.shutdownNow();
            Files.deleteIfExists(dir);
        }
    }
}
