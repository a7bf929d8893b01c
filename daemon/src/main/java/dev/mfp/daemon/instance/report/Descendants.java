package dev.mfp.daemon.instance.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The pids below a process. On Linux with {@code /proc/<pid>/task/<tid>/children} it reads only the tree's own
 * entries (~0.1 ms for a JVM with a dozen threads and no children), where {@link ProcessHandle#descendants()} reads
 * the whole process table (~0.75 ms on a host with 80 processes) — the samplers do this for every running instance
 * every few seconds. Elsewhere it falls back to the JDK.
 */
final class Descendants {
    private static final Path PROC = Path.of("/proc");
    private static final boolean CHILDREN_FILES = Files.isReadable(
            PROC.resolve("self/task").resolve(Long.toString(ProcessHandle.current().pid())).resolve("children"));
    private static final int MAX = 4096;

    private Descendants() {
    }

    static void forEach(ProcessHandle root, LongConsumer out) {
        if (!CHILDREN_FILES) {
            root.descendants().forEach(h -> out.accept(h.pid()));
            return;
        }
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> todo = new ArrayDeque<>();
        todo.add(root.pid());
        seen.add(root.pid());
        while (!todo.isEmpty() && seen.size() < MAX) {
            long pid = todo.poll();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
                for (Path task : tasks) {
                    for (String child : read(task.resolve("children")).split(" ")) {
                        long c = child.isEmpty() ? -1 : Long.parseLong(child);
                        if (c > 0 && seen.add(c)) {
                            todo.add(c);
                            out.accept(c);
                        }
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process or one of its threads ended while it was read: what it had is gone with it
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException gone) {
            return "";
        }
    }
}
