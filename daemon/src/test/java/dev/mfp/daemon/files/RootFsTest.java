package dev.mfp.daemon.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RootFs} in-process on a temporary root (no daemon): every method against the hostile-path vectors ('..',
 * absolute paths, NUL, links that lead out, a link swapped in between the check and the use, the daemon's reserved
 * names). Whatever is refused or fails, nothing outside the root is read, written or deleted.
 */
class RootFsTest {
    private static final String SECRET = "SECRET-OUTSIDE";
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-00000000abcd");

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    RootFs fs;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), SECRET);
        Files.createDirectories(outside.resolve("sub"));
        Files.writeString(root.resolve("a.txt"), "a");
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/f.txt"), "f");
        Files.createDirectories(root.resolve("instances").resolve(ID.toString()));
        Files.writeString(root.resolve("instances").resolve(ID.toString()).resolve(ReservedPaths.REGISTRY_FILE), "{}");
        Files.createDirectories(root.resolve("consoles").resolve(ID.toString()));
        Files.writeString(root.resolve("consoles").resolve(ID.toString()).resolve("out.log"), "log");
        Files.createDirectories(root.resolve("audit"));
        Files.createDirectories(root.resolve("backups"));
        Files.createDirectories(root.resolve("plans"));
        assumeTrue(links(), "symbolic links are not available");
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("filelink"), outside.resolve("secret"));
        fs = new RootFs(root);
    }

    private boolean links() {
        try {
            Path probe = Files.createSymbolicLink(tmp.resolve("probe"), tmp);
            Files.delete(probe);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    // ---- the client-path forms -----------------------------------------------------------------------------------

    interface ClientOp {
        void run(RootFs fs, String clientPath) throws Exception;
    }

    /** Every method that takes a client path; each uses it once as given (and a harmless path for a second one). */
    static Map<String, ClientOp> clientOps() {
        Map<String, ClientOp> ops = new LinkedHashMap<>();
        ops.put("resolve", RootFs::resolve);
        ops.put("resolveEntry", RootFs::resolveEntry);
        ops.put("stat", RootFs::stat);
        ops.put("list", RootFs::list);
        ops.put("mkdirs", RootFs::mkdirs);
        ops.put("move from", (fs, p) -> fs.move(p, "moved"));
        ops.put("move to", (fs, p) -> fs.move("a.txt", p));
        ops.put("copyFile from", (fs, p) -> fs.copyFile(p, "copied"));
        ops.put("copyFile to", (fs, p) -> fs.copyFile("a.txt", p));
        ops.put("deleteTree", RootFs::deleteTree);
        ops.put("openRead", (fs, p) -> {
            try (InputStream in = fs.openRead(p)) {
                in.readAllBytes();
            }
        });
        ops.put("openWrite", (fs, p) -> {
            try (OutputStream out = fs.openWrite(p)) {
                out.write("written".getBytes(StandardCharsets.UTF_8));
            }
        });
        return ops;
    }

    /** Paths that leave the root or are malformed: 21006 from every method. */
    static Stream<Arguments> refusedEverywhere() {
        List<String> vectors = List.of("..", "../outside/secret", "d/../../outside/secret", "a/b/../../../outside",
                "d/f.txt\0", "C:\\Windows\\win.ini", "link", "link/secret", "link/sub/new", "filelink",
                "d/../link/secret", "x".repeat(256));
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, ClientOp> op : clientOps().entrySet()) {
            for (String v : vectors) {
                out.add(Arguments.of(op.getKey(), v));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("refusedEverywhere")
    void hostileClientPathsAreRefused(String op, String clientPath) throws IOException {
        assertThatThrownBy(() -> clientOps().get(op).run(fs, clientPath))
                .isInstanceOfSatisfying(DaemonError.class, e -> assertThat(e.kind()).isEqualTo(Failure.FILE_ACCESS_FAILED));
        assertOutsideUntouched();
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("a");
    }

    static Stream<Arguments> absolute() {
        return clientOps().keySet().stream().map(Arguments::of);
    }

    /** An absolute path outside the root is read below the root (files-and-instances.md §1.2), never outside. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("absolute")
    void anAbsolutePathOutsideTheRootStaysInsideIt(String op) throws IOException {
        String abs = outside.resolve("secret").toString();
        assertThat(fs.resolve(abs).startsWith(fs.root())).isTrue();
        try {
            clientOps().get(op).run(fs, abs);
        } catch (Exception refusedOrMissing) {
            // a read of something that does not exist below the root fails; either way the outside is untouched
        }
        assertOutsideUntouched();
    }

    @Test
    void anAbsolutePathInsideTheRootIsThatPath() throws IOException {
        assertThat(fs.resolve(root.resolve("d/f.txt").toString())).isEqualTo(root.toRealPath().resolve("d/f.txt"));
        try (InputStream in = fs.openRead(root.resolve("d/f.txt").toString())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("f");
        }
    }

    static Stream<Arguments> reserved() {
        String inst = "instances/" + ID;
        String registry = inst + "/" + ReservedPaths.REGISTRY_FILE;
        return Stream.of(
                Arguments.of("mkdirs", "audit/x"),
                Arguments.of("mkdirs", "instances/" + UUID.randomUUID() + "/x"),
                Arguments.of("openWrite", registry),
                Arguments.of("openWrite", "backups/index.json"),
                Arguments.of("deleteTree", inst),
                Arguments.of("deleteTree", "instances"),
                Arguments.of("deleteTree", "plans"),
                Arguments.of("move from", registry),
                Arguments.of("move to", "backups/a.txt"),
                Arguments.of("move to", "instances/x"),
                Arguments.of("copyFile from", registry),
                Arguments.of("copyFile from", "consoles/" + ID + "/out.log"),
                Arguments.of("copyFile to", "plans/a.txt"),
                Arguments.of("copyFile to", inst + "/" + ReservedPaths.METADATA_FILE),
                Arguments.of("openRead", registry),
                Arguments.of("openRead", "consoles/" + ID + "/out.log"));
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("reserved")
    void theDaemonsReservedNamesAreRefused(String op, String clientPath) throws IOException {
        assertThatThrownBy(() -> clientOps().get(op).run(fs, clientPath))
                .isInstanceOfSatisfying(DaemonError.class, e -> assertThat(e.kind()).isEqualTo(Failure.FILE_ACCESS_FAILED));
        assertThat(Files.readString(root.resolve("instances").resolve(ID.toString()).resolve(ReservedPaths.REGISTRY_FILE)))
                .isEqualTo("{}");
        assertThat(root.resolve("audit/x")).doesNotExist();
        assertThat(root.resolve("plans/a.txt")).doesNotExist();
        assertThat(root.resolve("backups/a.txt")).doesNotExist();
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("a");
    }

    @Test
    void theClientFormsWorkInsideTheRoot() throws IOException {
        fs.mkdirs("n/m");
        try (OutputStream out = fs.openWrite("n/m/x.txt")) {
            out.write("x".getBytes(StandardCharsets.UTF_8));
        }
        fs.copyFile("n/m/x.txt", "n/y.txt");
        fs.move("n/y.txt", "n/z.txt");
        assertThat(fs.list("n")).containsExactlyInAnyOrder("m", "z.txt");
        assertThat(fs.stat("n/z.txt").size()).isEqualTo(1);
        fs.deleteTree("n");
        assertThat(root.resolve("n")).doesNotExist();
        // a link that stays inside the root is followed by resolve, not by resolveEntry
        Files.createSymbolicLink(root.resolve("inner"), root.resolve("d"));
        assertThat(fs.resolve("inner/f.txt")).isEqualTo(root.toRealPath().resolve("d/f.txt"));
        assertThat(fs.resolveEntry("inner")).isEqualTo(root.toRealPath().resolve("inner"));
        fs.deleteTree("inner");
        assertThat(root.resolve("d/f.txt")).exists();
    }

    @Test
    void aCopyKeepsTheSourcesPermissionsAndReplacesTheDestination() throws IOException {
        assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path src = root.resolve("run.sh");
        Files.writeString(src, "#!/bin/sh");
        Files.setPosixFilePermissions(src, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(root.resolve("d/run.sh"), "old");
        fs.copyFile(src, root.resolve("d/run.sh"));
        assertThat(Files.readString(root.resolve("d/run.sh"))).isEqualTo("#!/bin/sh");
        assertThat(Files.isExecutable(root.resolve("d/run.sh"))).isTrue();
        try (Stream<Path> d = Files.list(root.resolve("d"))) {
            assertThat(d.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("f.txt", "run.sh");
        }
    }

    // ---- the Path forms ------------------------------------------------------------------------------------------

    interface PathOp {
        void run(RootFs fs, Path p) throws Exception;
    }

    /** Every method that takes a Path; a second argument, where there is one, is a harmless path in the root. */
    Map<String, PathOp> pathOps() {
        Map<String, PathOp> ops = new LinkedHashMap<>();
        Path a = root.resolve("a.txt");
        ops.put("toClientPath", RootFs::toClientPath);
        ops.put("stat", RootFs::stat);
        ops.put("isRegularFile", RootFs::isRegularFile);
        ops.put("isDirectory", RootFs::isDirectory);
        ops.put("list", RootFs::list);
        ops.put("mkdirs", RootFs::mkdirs);
        ops.put("mkdir", RootFs::mkdir);
        ops.put("rename from", (fs, p) -> fs.rename(p, root.resolve("renamed")));
        ops.put("rename to", (fs, p) -> fs.rename(a, p));
        ops.put("move from", (fs, p) -> fs.move(p, root.resolve("moved")));
        ops.put("move to", (fs, p) -> fs.move(a, p));
        ops.put("copyFile from", (fs, p) -> fs.copyFile(p, root.resolve("copied")));
        ops.put("copyFile to", (fs, p) -> fs.copyFile(a, p));
        ops.put("deleteTree", RootFs::deleteTree);
        ops.put("deleteFile", RootFs::deleteFile);
        ops.put("openRead", (fs, p) -> {
            try (InputStream in = fs.openRead(p)) {
                in.readAllBytes();
            }
        });
        ops.put("openWrite", (fs, p) -> {
            try (OutputStream out = fs.openWrite(p)) {
                out.write("written".getBytes(StandardCharsets.UTF_8));
            }
        });
        ops.put("directory", (fs, p) -> fs.directory(p).close());
        ops.put("createDirectories", (fs, p) -> fs.createDirectories(p).close());
        return ops;
    }

    @Test
    void aPathOutsideTheRootIsRefusedByEveryMethod() throws IOException {
        for (Path p : List.of(outside.resolve("secret"), outside, root.resolve("../outside/secret"), tmp)) {
            for (Map.Entry<String, PathOp> op : pathOps().entrySet()) {
                assertThatThrownBy(() -> op.getValue().run(fs, p)).as("%s(%s)", op.getKey(), p)
                        .isInstanceOfSatisfying(DaemonError.class,
                                e -> assertThat(e.kind()).isEqualTo(Failure.FILE_ACCESS_FAILED));
            }
        }
        assertOutsideUntouched();
    }

    @Test
    void theRootItselfIsNeverChanged() {
        for (String op : List.of("mkdir", "rename from", "rename to", "move from", "move to", "copyFile from",
                "copyFile to", "deleteTree", "deleteFile", "openRead", "openWrite")) {
            assertThatThrownBy(() -> pathOps().get(op).run(fs, root)).as(op)
                    .isInstanceOfSatisfying(DaemonError.class,
                            e -> assertThat(e.kind()).isEqualTo(Failure.FILE_ACCESS_FAILED));
        }
        assertThat(root.resolve("a.txt")).exists();
    }

    static Stream<Arguments> throughALink() {
        return Stream.of("link/secret", "link/sub", "link/sub/new", "link/new", "filelink").map(Arguments::of);
    }

    /**
     * A path lexically inside the root that goes through a link to the outside: no method follows it. Reads fail or
     * see nothing; writes fail; deleting the link itself only unlinks it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("throughALink")
    void aPathThroughALinkIsNeverFollowed(String rel) throws IOException {
        Path p = root.resolve(rel);
        for (Map.Entry<String, PathOp> op : pathOps().entrySet()) {
            if (op.getKey().equals("toClientPath") || (rel.equals("filelink")
                    && op.getKey().matches("rename .*|move .*|copyFile to|deleteTree|deleteFile"))) {
                continue; // acting on the link entry itself: aLinkEntryIsRenamedReplacedOrDeletedAsALink
            }
            try {
                op.getValue().run(fs, p);
            } catch (Exception expected) {
                // refused or failed: either is fine as long as the outside is untouched
            }
            assertOutsideUntouched();
        }
        assertThat(fs.stat(p) == null || fs.stat(p).isSymbolicLink()).isTrue();
        assertThat(fs.isRegularFile(p)).isFalse();
    }

    @Test
    void aLinkEntryIsRenamedReplacedOrDeletedAsALink() throws IOException {
        Files.createSymbolicLink(root.resolve("copylink"), outside.resolve("secret"));
        fs.copyFile(root.resolve("a.txt"), root.resolve("copylink"));
        assertThat(Files.isSymbolicLink(root.resolve("copylink"))).isFalse();
        assertThat(Files.readString(root.resolve("copylink"))).isEqualTo("a");
        Files.createSymbolicLink(root.resolve("movelink"), outside.resolve("secret"));
        fs.move(root.resolve("copylink"), root.resolve("movelink"));
        assertThat(Files.readString(root.resolve("movelink"))).isEqualTo("a");
        fs.rename(root.resolve("filelink"), root.resolve("filelink2"));
        assertThat(Files.isSymbolicLink(root.resolve("filelink2"))).isTrue();
        fs.deleteFile(root.resolve("filelink2"));
        fs.deleteTree(root.resolve("link"));
        assertThat(root.resolve("link")).doesNotExist();
        assertThat(root.resolve("filelink2")).doesNotExist();
        assertOutsideUntouched();
        assertThat(outside.resolve("sub")).isDirectory();
    }

    /** A directory resolved (and checked) first, then swapped for a link to the outside before it is used. */
    @Test
    void aLinkSwappedInAfterTheCheckMakesEveryMethodFail() throws IOException {
        Path dir = fs.resolve("d");
        Path file = fs.resolve("d/f.txt");
        Files.writeString(outside.resolve("f.txt"), SECRET);
        Files.move(root.resolve("d"), root.resolve("d-away"));
        Files.createSymbolicLink(root.resolve("d"), outside);

        assertThat(fs.stat(file)).isNull();
        assertThat(fs.isRegularFile(file)).isFalse();
        assertThat(fs.isDirectory(dir)).isFalse();
        for (Map.Entry<String, PathOp> op : pathOps().entrySet()) {
            if (op.getKey().equals("toClientPath")) {
                continue;
            }
            for (Path p : List.of(file, dir.resolve("new"), dir.resolve("sub/new"))) {
                try {
                    op.getValue().run(fs, p);
                } catch (Exception expected) {
                    // fails: it never reaches through the link
                }
                assertThat(Files.readString(outside.resolve("f.txt"))).as("%s(%s)", op.getKey(), p).isEqualTo(SECRET);
                assertThat(outside.resolve("new")).as("%s(%s)", op.getKey(), p).doesNotExist();
                assertThat(outside.resolve("sub/new")).as("%s(%s)", op.getKey(), p).doesNotExist();
                assertOutsideUntouched();
            }
        }
        assertThat(Files.readString(root.resolve("d-away/f.txt"))).isEqualTo("f");
    }

    /** A handle opened before the swap keeps working on the directory it opened, never on the link's target. */
    @Test
    void anOpenDirectoryStaysTheDirectoryItOpened() throws IOException {
        try (AnchoredDir probe = fs.sandbox().openDirectory(fs.root())) {
            assumeTrue(probe.secure(), "no secure directory stream: handles fall back to paths (docs/files.md)");
        }
        try (RootFs.Directory d = fs.directory(fs.resolve("d"))) {
            Object key = d.key();
            Files.move(root.resolve("d"), root.resolve("d-away"));
            Files.createSymbolicLink(root.resolve("d"), outside);
            try (FileChannel ch = d.createStaging("staged")) {
                ch.write(ByteBuffer.wrap("s".getBytes(StandardCharsets.UTF_8)));
            }
            d.rename("staged", "secret"); // the name the outside has
            try (FileChannel ch = d.openReadWrite("secret")) {
                assertThat(ch.size()).isEqualTo(1);
            }
            assertThat(d.attributes("f.txt").isRegularFile()).isTrue();
            d.deleteQuietly("f.txt");
            assertThat(d.key()).isEqualTo(key);
            // a new handle is walked from the root again: the link is refused
            assertThatThrownBy(() -> fs.directory(root.resolve("d"))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> fs.createDirectories(root.resolve("d/x")))
                    .isInstanceOfSatisfying(DaemonError.class,
                            e -> assertThat(e.kind()).isEqualTo(Failure.FILE_ACCESS_FAILED));
        }
        assertThat(Files.readString(root.resolve("d-away/secret"))).isEqualTo("s");
        assertThat(root.resolve("d-away/f.txt")).doesNotExist();
        assertOutsideUntouched();
    }

    @Test
    void aLinkAsTheFinalEntryIsNotOpenedThroughAHandle() throws IOException {
        Files.createSymbolicLink(root.resolve("d/out"), outside.resolve("secret"));
        try (RootFs.Directory d = fs.directory(root.resolve("d"))) {
            assertThat(d.attributes("out").isSymbolicLink()).isTrue();
            assertThatThrownBy(() -> d.openRead("out").close()).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> d.openReadWrite("out").close()).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> d.createStaging("out").close()).isInstanceOf(IOException.class);
            d.rename("out", "out2");
            d.deleteQuietly("out2"); // the link, not its target
        }
        assertThat(root.resolve("d/out2")).doesNotExist();
        assertOutsideUntouched();
    }

    /**
     * A directory flipped between real and a link to the outside while the methods run (the swap happens between
     * their steps, at random): the outside stays as it is.
     */
    @Test
    void aDirectorySwappedForALinkDuringTheOperations() throws Exception {
        Path s = root.resolve("s");
        Path real = root.resolve("s-real");
        Path link = root.resolve("s-link");
        Path aside = Files.createDirectories(root.resolve("aside"));
        Files.createDirectories(s);
        Files.createSymbolicLink(link, outside);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger linked = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            while (!stop.get()) {
                if (place(s, real, aside) && place(link, s, aside)) {
                    linked.incrementAndGet();
                    if (place(s, link, aside)) {
                        place(real, s, aside);
                    }
                }
            }
        });
        swapper.start();
        try {
            for (int i = 0; i < 400; i++) {
                Path p = s.resolve("w" + (i % 3));
                quietly(() -> {
                    try (OutputStream out = fs.openWrite(p.resolve("x"))) {
                        out.write(1);
                    }
                });
                quietly(() -> fs.mkdirs(p.resolve("m")));
                quietly(() -> fs.copyFile(root.resolve("a.txt"), p.resolve("c")));
                quietly(() -> fs.move(p.resolve("c"), p.resolve("secret")));
                quietly(() -> fs.list(s));
                quietly(() -> fs.deleteTree(p));
                quietly(() -> fs.deleteFile(s.resolve("secret")));
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertThat(linked.get()).isPositive();
        assertOutsideUntouched();
    }

    /**
     * Renames {@code from} to {@code to}; a directory an operation created at {@code to} while it was missing is moved
     * aside first. False when {@code from} is not there.
     */
    private static boolean place(Path from, Path to, Path aside) {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (NoSuchFileException gone) {
                return false;
            } catch (IOException occupied) {
                try {
                    Files.move(to, aside.resolve(UUID.randomUUID().toString()), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException ignored) {
                    // gone meanwhile: try again
                }
            }
        }
        return false;
    }

    interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception failedAtTheSwap) {
            // expected whenever the link was in place
        }
    }

    /** The outside holds exactly what the test put there. */
    private void assertOutsideUntouched() throws IOException {
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo(SECRET);
        try (Stream<Path> all = Files.walk(outside)) {
            assertThat(all.map(p -> outside.relativize(p).toString().replace('\\', '/')))
                    .allMatch(n -> n.isEmpty() || n.equals("secret") || n.equals("sub") || n.equals("f.txt"));
        }
        try (Stream<Path> sub = Files.list(outside.resolve("sub"))) {
            assertThat(sub).isEmpty();
        }
    }
}
