package dev.mfp.daemon.instance;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.protocol.model.InstanceStatus;

/**
 * {@code use_post_process}: start the new server once, send {@code stop} as soon as it is running, wait for the
 * exit (files-and-instances.md §5.2) — this generates server.properties, the world, …. Failure → 60001.
 */
final class PostProcessor {
    private PostProcessor() {
    }

    static void run(Instance instance, InstanceSettings settings) throws InterruptedException {
        try {
            instance.start();
        } catch (DaemonError e) {
            throw new DaemonError(Failure.INSTALLATION_ERROR, "post-process start failed: " + e.detail());
        }
        long deadline = System.currentTimeMillis() + settings.installerTimeout().toMillis();
        while (instance.status() != InstanceStatus.RUNNING && instance.hasProcess()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        if (instance.status() != InstanceStatus.RUNNING) {
            if (instance.hasProcess()) {
                instance.kill();
            }
            throw new DaemonError(Failure.INSTALLATION_ERROR, "post-process: the server did not start");
        }
        instance.stop();
        if (!instance.awaitNoProcess(settings.stopTimeout().toMillis() + 15_000)) {
            instance.forceKill();
            instance.awaitNoProcess(15_000);
            throw new DaemonError(Failure.INSTALLATION_ERROR, "post-process: the server did not stop");
        }
    }
}
