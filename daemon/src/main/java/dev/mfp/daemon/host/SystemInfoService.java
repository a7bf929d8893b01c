package dev.mfp.daemon.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * Host facts for {@code get_system_info} and {@code daemon_report}, through OSHI, cached for up to 2 s.
 * OSHI is initialized on first use so an idle daemon that nobody asks pays nothing for it.
 */
public final class SystemInfoService {
    private static final long CACHE_MS = 2000;

    private final Path root;
    private final String daemonVersion;
    private oshi.SystemInfo oshi;
    private long[] previousTicks;
    private long previousTicksAt;
    private HostInfo cached;
    private long cachedAt;

    public SystemInfoService(Path root, String daemonVersion) {
        this.root = root.toAbsolutePath().normalize();
        this.daemonVersion = daemonVersion;
    }

    public synchronized HostInfo get() {
        long now = System.currentTimeMillis();
        if (cached != null && now - cachedAt < CACHE_MS) {
            return cached;
        }
        if (oshi == null) {
            oshi = new oshi.SystemInfo();
            previousTicks = oshi.getHardware().getProcessor().getSystemCpuLoadTicks();
            previousTicksAt = now;
        }
        cached = collect();
        cachedAt = System.currentTimeMillis();
        return cached;
    }

    private HostInfo collect() {
        OperatingSystem os = oshi.getOperatingSystem();
        CentralProcessor cpu = oshi.getHardware().getProcessor();
        GlobalMemory mem = oshi.getHardware().getMemory();

        long waited = System.currentTimeMillis() - previousTicksAt;
        if (waited < 200) {
            // The first sample needs a short window to measure usage over.
            sleep(200 - waited);
        }
        double usage = cpu.getSystemCpuLoadBetweenTicks(previousTicks) * 100.0;
        previousTicks = cpu.getSystemCpuLoadTicks();
        previousTicksAt = System.currentTimeMillis();
        if (Double.isNaN(usage) || usage < 0) {
            usage = 0;
        }
        usage = Math.min(100.0, usage);

        int logical = cpu.getLogicalProcessorCount();
        int physical = cpu.getPhysicalProcessorCount();
        HostInfo.Cpu cpuInfo = new HostInfo.Cpu(cpu.getProcessorIdentifier().getVendor(),
                cpu.getProcessorIdentifier().getName().trim(), logical, usage, physical > 0 ? physical : logical,
                logical);
        HostInfo.Memory memInfo = new HostInfo.Memory(mem.getTotal() / 1024, mem.getAvailable() / 1024);
        HostInfo.Os osInfo = new HostInfo.Os(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                dotnetArch(System.getProperty("os.arch")));

        List<HostInfo.Drive> drives = new ArrayList<>();
        HostInfo.Drive rootDrive = null;
        int bestMount = -1;
        String rootPath = root.toString();
        for (OSFileStore fs : os.getFileSystem().getFileStores(true)) {
            HostInfo.Drive d = new HostInfo.Drive(fs.getType(), fs.getTotalSpace(), fs.getUsableSpace(), fs.getMount());
            drives.add(d);
            String mount = fs.getMount();
            if (contains(mount, rootPath) && mount.length() > bestMount) {
                bestMount = mount.length();
                rootDrive = d;
            }
        }
        if (rootDrive == null) {
            java.io.File f = root.toFile();
            rootDrive = new HostInfo.Drive("", f.getTotalSpace(), f.getUsableSpace(), "");
            drives.add(rootDrive);
        }
        return new HostInfo(osInfo, cpuInfo, memInfo, rootDrive, List.copyOf(drives), daemonVersion);
    }

    private static boolean contains(String mount, String path) {
        if (mount == null || mount.isEmpty()) {
            return false;
        }
        if (mount.equals("/") || path.equals(mount)) {
            return path.startsWith(mount);
        }
        String m = mount.endsWith("/") || mount.endsWith("\\") ? mount : mount + java.io.File.separator;
        return path.startsWith(m);
    }

    /** The .NET names the C# daemon sent (models.md §2.1). */
    static String dotnetArch(String jvmArch) {
        String a = jvmArch == null ? "" : jvmArch.toLowerCase(Locale.ROOT);
        switch (a) {
            case "amd64":
            case "x86_64":
                return "X64";
            case "x86":
            case "i386":
            case "i486":
            case "i586":
            case "i686":
                return "X86";
            case "aarch64":
            case "arm64":
                return "Arm64";
            case "arm":
            case "arm32":
                return "Arm";
            default:
                return jvmArch;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
