package dev.mfp.daemon.files;

import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hardening item 15: a host user swaps a directory for a symlink to the outside, back and forth, while clients
 * create directories below it (create_directory, the parents of uploads, copy and move destinations). Nothing may
 * ever be created outside the root.
 */
class DirectorySwapRaceTest {
    private static final Set<Integer> ALLOWED = Set.of(0, 21001, 21002, 21005, 21006);

    private static boolean tryMove(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void noDirectoryIsCreatedOutsideTheRoot() throws Exception {
        try (TestDaemon daemon = TestDaemon.start()) {
            Path root = daemon.root();
            Path outside = Files.createDirectories(daemon.workDir().toRealPath().resolve("outside"));
            Path swapped = root.resolve("swap");
            Path parked = root.resolve("swap-real");
            Files.createDirectories(swapped);
            Files.createDirectories(root.resolve("src/d"));
            Files.writeString(root.resolve("src/d/f"), "x");
            MfpClient c = daemon.client();

            Path link = Files.createSymbolicLink(root.resolve("swap-link"), outside);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger swaps = new AtomicInteger();
            Thread racer = new Thread(() -> {
                int junk = 0;
                while (!stop.get()) {
                    try {
                        Files.move(swapped, parked, StandardCopyOption.ATOMIC_MOVE);
                        while (!tryMove(link, swapped)) {
                            // the daemon created 'swap' itself meanwhile: put that one aside
                            tryMove(swapped, root.resolve("junk" + junk++));
                        }
                        swaps.incrementAndGet();
                        Thread.onSpinWait();
                        Files.move(swapped, link, StandardCopyOption.ATOMIC_MOVE);
                        while (!tryMove(parked, swapped)) {
                            tryMove(swapped, root.resolve("junk" + junk++));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("racer lost its state", e);
                    }
                }
            }, "swap-racer");
            racer.start();
            List<Integer> codes = new ArrayList<>();
            try {
                for (int round = 0; round < 200; round++) {
                    List<CompletableFuture<JsonNode>> batch = new ArrayList<>();
                    batch.add(c.request("create_directory", params("path", "swap/m" + round)));
                    batch.add(c.request("create_directory", params("path", "swap/n" + round + "/deep")));
                    batch.add(c.request("file_upload_request", params("path", "swap/u" + round + "/f", "size", 0)));
                    batch.add(c.request("copy_directory", params("source_path", "src", "destination_path",
                            "swap/c" + round + "/copy")));
                    batch.add(c.request("copy_file", params("source_path", "src/d/f", "destination_path",
                            "swap/cf" + round + "/f")));
                    Files.createDirectories(root.resolve("mv" + round));
                    batch.add(c.request("move_directory", params("source_path", "mv" + round, "destination_path",
                            "swap/v" + round + "/moved")));
                    for (CompletableFuture<JsonNode> f : batch) {
                        codes.add(f.get(60, TimeUnit.SECONDS).get("retcode").asInt());
                    }
                }
            } finally {
                stop.set(true);
                racer.join(10_000);
            }
            assertThat(racer.isAlive()).as("racer still running").isFalse();
            assertThat(swaps.get()).as("swaps").isPositive();
            try (Stream<Path> s = Files.list(outside)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).as("created outside the root").isEmpty();
            }
            assertThat(codes).allMatch(ALLOWED::contains);
            assertThat(codes).as("some operations succeeded").contains(0);
        }
    }
}
