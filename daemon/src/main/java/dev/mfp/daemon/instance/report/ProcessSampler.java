package dev.mfp.daemon.instance.report;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * CPU and resident memory of a process tree through OSHI, cached for up to 2 s per root pid. CPU is the tree's
 * CPU time since the previous sample over wall time × logical processors, in percent, clamped to 0–100.
 */
public final class ProcessSampler {
    private static final long CACHE_NANOS = 2_000_000_000L;

    private record Sample(long at, long cpuMillis, ProcessUsage usage) {
    }

    private volatile OperatingSystem os;
    private volatile int cpus;
    private final Map<Long, Sample> last = new ConcurrentHashMap<>();

    public ProcessUsage sample(ProcessHandle root) {
        long pid = root.pid();
        long now = System.nanoTime();
        Sample prev = last.get(pid);
        if (prev != null && now - prev.at < CACHE_NANOS) {
            return prev.usage;
        }
        OperatingSystem sys = os();
        OSProcess p = sys.getProcess((int) pid);
        if (p == null) {
            last.remove(pid);
            return ProcessUsage.NONE;
        }
        long cpuMillis = p.getKernelTime() + p.getUserTime();
        long rss = p.getResidentSetSize();
        long upMillis = Math.max(1, p.getUpTime());
        long[] tree = {cpuMillis, rss};
        Descendants.forEach(root, child -> {
            OSProcess c = sys.getProcess((int) child);
            if (c != null) {
                tree[0] += c.getKernelTime() + c.getUserTime();
                tree[1] += c.getResidentSetSize();
            }
        });
        cpuMillis = tree[0];
        rss = tree[1];
        double percent;
        if (prev != null) {
            double wallMillis = (now - prev.at) / 1e6;
            percent = 100.0 * (cpuMillis - prev.cpuMillis) / (wallMillis * cpus);
        } else {
            percent = 100.0 * cpuMillis / ((double) upMillis * cpus);
        }
        percent = Math.max(0.0, Math.min(100.0, percent));
        ProcessUsage c = new ProcessUsage(Math.round(percent * 100.0) / 100.0, rss);
        last.put(pid, new Sample(now, cpuMillis, c));
        if (last.size() > 1024) {
            last.keySet().removeIf(k -> ProcessHandle.of(k).isEmpty());
        }
        return c;
    }

    private OperatingSystem os() {
        OperatingSystem o = os;
        if (o == null) {
            synchronized (this) {
                if (os == null) {
                    SystemInfo si = new SystemInfo();
                    cpus = Math.max(1, si.getHardware().getProcessor().getLogicalProcessorCount());
                    os = si.getOperatingSystem();
                }
                o = os;
            }
        }
        return o;
    }
}
