package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.DaemonErrors.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * In process, the lifecycle of a start with a preparation (the deferred installer, client-compat.md §2): starting is
 * committed at once and holds while the preparation runs — a second start, a removal and a settings update are
 * refused — and a failed preparation ends in stopped with the daemon's line, the next start being free again.
 */
class StartPreparedTest {
    @Test
    void startingHoldsWhileThePreparationRunsAndAFailureEndsInStopped() throws Exception {
        Path dir = Files.createTempDirectory("mfp-prepared");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService workers = Executors.newCachedThreadPool();
        try {
            InstanceConfig config = Json.mapper().readValue("{\"name\":\"p\",\"target\":\"server.jar\","
                    + "\"instance_type\":\"mc_forge\",\"target_type\":\"jar\",\"uuid\":\"" + UUID.randomUUID() + "\"}",
                    InstanceConfig.class);
            Instance inst = new Instance(ConfigDocument.spec(config), dir, new EventBus(), InstanceSettings.defaults(), scheduler, workers);
            CountDownLatch stopped = new CountDownLatch(1);
            inst.observer((i, status, readyTimedOut) -> {
                if (status == InstanceStatus.STOPPED) {
                    stopped.countDown();
                }
            });
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            inst.startPrepared(() -> {
                running.countDown();
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                throw new DaemonError(Failure.INSTALLATION_ERROR, "the installer exited with 1");
            });
            assertThat(inst.status()).isEqualTo(InstanceStatus.STARTING);
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(failureOf(() -> inst.start())).isEqualTo(Failure.BAD_INSTANCE_STATE);
            assertThat(failureOf(() -> inst.startPrepared(() -> { }))).isEqualTo(Failure.BAD_INSTANCE_STATE);
            assertThat(failureOf(inst::markRemoved)).isEqualTo(Failure.BAD_INSTANCE_STATE);
            assertThat(failureOf(() -> inst.whileStopped(() -> "update"))).isEqualTo(Failure.BAD_INSTANCE_STATE);
            assertThat(inst.historyWithDaemonLines()).contains("[MCSL] Instance starting.",
                    "[MCSL] Running the installer the last settings update needs.");

            release.countDown();
            assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(inst.status()).isEqualTo(InstanceStatus.STOPPED);
            assertThat(inst.historyWithDaemonLines()).anyMatch(l -> l.startsWith("[MCSL] Instance start failed: "
                    + "INSTALLATION_ERROR: the installer exited with 1"));
            // v1's history has the process's lines only
            assertThat(inst.history()).noneMatch(l -> l.startsWith("[MCSL]"));
            // free again: a settings update can run now
            assertThat(inst.whileStopped(() -> "update")).isEqualTo("update");
        } finally {
            workers.shutdownNow();
            scheduler.shutdownNow();
            Files.deleteIfExists(dir);
        }
    }
}
