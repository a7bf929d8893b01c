package dev.mfp.daemon.instance.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sampler counts the whole tree: a shell whose only work is done by its children. */
class ProcessSamplerTest {

    @Test
    void cpuAndMemoryOfTheChildrenCount() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "while :; do :; done & sleep 30 & wait").start();
        try {
            ProcessHandle root = shell.toHandle();
            await().atMost(Duration.ofSeconds(10)).until(() -> root.descendants().count() == 2);
            ProcessSampler sampler = new ProcessSampler();
            ProcessUsage first = sampler.sample(root);
            ProcessHandle sleep = root.descendants().filter(h -> h.info().command().map(c -> c.endsWith("sleep"))
                    .orElse(false)).findFirst().orElseThrow();
            long alone = new ProcessSampler().sample(sleep).memoryBytes();
            Thread.sleep(2_500); // past the sampler's 2 s cache
            ProcessUsage second = sampler.sample(root);
            int cpus = Runtime.getRuntime().availableProcessors();
            // the busy loop is a child of the shell: one core of `cpus` is 100 / cpus percent
            assertThat(second.cpuPercent()).isGreaterThan(50.0 / cpus);
            // the shell, the busy subshell and sleep: more than sleep alone
            assertThat(first.memoryBytes()).isGreaterThan(alone);
            assertThat(second.memoryBytes()).isGreaterThan(alone);
        } finally {
            shell.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }
}
