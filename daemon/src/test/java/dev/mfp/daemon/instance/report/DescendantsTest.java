package dev.mfp.daemon.instance.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DescendantsTest {

    @Test
    void findsChildrenAndGrandchildrenLikeTheJdk() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sh -c 'sleep 30; true' & sleep 30 & wait").start();
        try {
            ProcessHandle root = shell.toHandle();
            await().atMost(Duration.ofSeconds(10)).until(() -> root.descendants().count() == 3);
            Set<Long> jdk = root.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
            Set<Long> ours = new HashSet<>();
            Descendants.forEach(root, ours::add);
            assertThat(ours).hasSize(3).isEqualTo(jdk);
        } finally {
            shell.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    @Test
    void aGoneProcessHasNone() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Set<Long> ours = new HashSet<>();
        Descendants.forEach(p.toHandle(), ours::add);
        assertThat(ours).isEmpty();
    }
}
