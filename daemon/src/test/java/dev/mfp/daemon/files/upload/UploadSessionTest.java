package dev.mfp.daemon.files.upload;

import static dev.mfp.daemon.support.DaemonErrors.failureOf;
import static dev.mfp.daemon.support.Bytes.sha1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload sessions in process, without a daemon: ranges, digest check, completion and cancel on disk. */
class UploadSessionTest {
    private static final UUID CONNECTION = UUID.randomUUID();
    private static final byte[] DATA = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path root;
    private UploadManager uploads;

    @BeforeEach
    void manager() {
        uploads = new UploadManager(new RootFs(root), new FileUsage(), ChunkEncoding.BASE64);
    }

    @Test
    void outOfOrderChunksCompleteOnceEveryByteArrived() throws IOException {
        UUID id = open("a.bin", DATA.length, sha1(DATA));
        assertThat(chunk(id, 15, part(15, 20))).isEqualTo(new UploadSessions.Progress(false, 5));
        assertThat(chunk(id, 5, part(5, 10))).isEqualTo(new UploadSessions.Progress(false, 10));
        assertThat(uploads.status(id).received()).containsExactly("5..10", "15..20");
        assertThat(chunk(id, 0, part(0, 5))).isEqualTo(new UploadSessions.Progress(false, 15));
        assertThat(chunk(id, 10, part(10, 15))).isEqualTo(new UploadSessions.Progress(true, DATA.length));
        assertThat(Files.readAllBytes(root.resolve("a.bin"))).isEqualTo(DATA);
    }

    @Test
    void overlapsAndDuplicatesCountOnce() throws IOException {
        UUID id = open("b.bin", DATA.length, sha1(DATA));
        assertThat(chunk(id, 0, part(0, 8))).isEqualTo(new UploadSessions.Progress(false, 8));
        assertThat(chunk(id, 0, part(0, 8))).isEqualTo(new UploadSessions.Progress(false, 8));
        assertThat(chunk(id, 4, part(4, 12))).isEqualTo(new UploadSessions.Progress(false, 12));
        assertThat(chunk(id, 16, part(16, 20))).isEqualTo(new UploadSessions.Progress(false, 16));
        assertThat(uploads.status(id).received()).containsExactly("0..12", "16..20");
        assertThat(chunk(id, 10, part(10, 18))).isEqualTo(new UploadSessions.Progress(true, DATA.length));
        assertThat(Files.readAllBytes(root.resolve("b.bin"))).isEqualTo(DATA);
    }

    @Test
    void aChunkRewritingHashedBytesIsCheckedAgainstTheFinalFile() throws IOException {
        UUID id = open("c.bin", DATA.length, sha1(DATA));
        chunk(id, 0, "XXXXXXXXXX".getBytes(StandardCharsets.US_ASCII)); // hashed in memory, then overwritten
        chunk(id, 0, part(0, 10));
        assertThat(chunk(id, 10, part(10, 20)).done()).isTrue();
        assertThat(Files.readAllBytes(root.resolve("c.bin"))).isEqualTo(DATA);
    }

    @Test
    void chunksPastTheSizeAreRefusedAndLeaveTheSessionOpen() {
        UUID id = open("d.bin", DATA.length, null);
        assertThat(failureOf(() -> chunk(id, DATA.length, new byte[1]))).isEqualTo(Failure.BAD_FORMAT);
        assertThat(failureOf(() -> chunk(id, -1, new byte[1]))).isEqualTo(Failure.BAD_FORMAT);
        assertThat(failureOf(() -> chunk(id, 15, new byte[6]))).isEqualTo(Failure.FILE_TOO_BIG);
        assertThat(uploads.status(id).received()).isEmpty();
        assertThat(chunk(id, 0, DATA).done()).isTrue();
    }

    @Test
    void aZeroLengthChunkChangesNothing() {
        UUID id = open("e.bin", DATA.length, null);
        chunk(id, 0, part(0, 4));
        assertThat(chunk(id, 10, new byte[0])).isEqualTo(new UploadSessions.Progress(false, 4));
        assertThat(uploads.status(id).received()).containsExactly("0..4");
        assertThat(root.resolve("e.bin")).doesNotExist();
    }

    @Test
    void aZeroLengthUploadIsInPlaceAtOnceAndTakesOneEmptyChunk() throws IOException {
        UUID id = open("empty.bin", 0, sha1(new byte[0]));
        assertThat(Files.readAllBytes(root.resolve("empty.bin"))).isEmpty();
        assertThat(uploads.activeSessions()).isZero();
        assertThat(failureOf(() -> chunk(id, 0, new byte[1]))).isEqualTo(Failure.FILE_TOO_BIG);
        assertThat(chunk(id, 0, new byte[0])).isEqualTo(new UploadSessions.Progress(true, 0));
        assertThat(failureOf(() -> chunk(id, 0, new byte[0]))).isEqualTo(Failure.NOT_UPLOADING);
    }

    @Test
    void aZeroLengthUploadWithAnotherDigestIsRefused() {
        assertThat(failureOf(() -> open("empty.bin", 0, sha1(DATA)))).isEqualTo(Failure.UPLOAD_VERIFICATION_FAILED);
        assertThat(root.resolve("empty.bin")).doesNotExist();
    }

    @Test
    void theTargetIsReplacedOnlyByTheCompletingChunk() throws IOException {
        Path target = root.resolve("f.bin");
        Files.writeString(target, "old");
        UUID id = open("f.bin", DATA.length, sha1(DATA));
        Path staging = root.resolve(UploadSessions.stagingName("f.bin", id));
        assertThat(staging).exists();
        chunk(id, 0, part(0, 10));
        chunk(id, 12, part(12, 20));
        assertThat(target).hasContent("old");
        chunk(id, 10, part(10, 12));
        assertThat(Files.readAllBytes(target)).isEqualTo(DATA);
        assertThat(staging).doesNotExist();
        assertThat(uploads.activeSessions()).isZero();
        assertThat(failureOf(() -> chunk(id, 0, part(0, 1)))).isEqualTo(Failure.NOT_UPLOADING);
    }

    @Test
    void aWrongDigestFailsCompletionAndLeavesTheTargetAlone() throws IOException {
        Path target = root.resolve("g.bin");
        Files.writeString(target, "old");
        byte[] other = DATA.clone();
        other[3] ^= 1;
        UUID id = open("g.bin", DATA.length, sha1(other));
        Path staging = root.resolve(UploadSessions.stagingName("g.bin", id));
        chunk(id, 0, part(0, 10));
        assertThat(failureOf(() -> chunk(id, 10, part(10, 20)))).isEqualTo(Failure.UPLOAD_VERIFICATION_FAILED);
        assertThat(target).hasContent("old");
        assertThat(staging).doesNotExist();
        assertThat(failureOf(() -> uploads.status(id))).isEqualTo(Failure.NOT_UPLOADING);
    }

    @Test
    void aWrongDigestIsFoundAlsoAfterOutOfOrderChunks() {
        UUID id = open("h.bin", DATA.length, sha1(part(0, 19)));
        chunk(id, 10, part(10, 20));
        assertThat(failureOf(() -> chunk(id, 0, part(0, 10)))).isEqualTo(Failure.UPLOAD_VERIFICATION_FAILED);
        assertThat(root.resolve("h.bin")).doesNotExist();
        assertThat(root.resolve(UploadSessions.stagingName("h.bin", id))).doesNotExist();
    }

    @Test
    void cancelRemovesTheStagingFileAndEndsTheSession() throws IOException {
        Path target = root.resolve("i.bin");
        Files.writeString(target, "old");
        UUID id = open("i.bin", DATA.length, null);
        Path staging = root.resolve(UploadSessions.stagingName("i.bin", id));
        chunk(id, 0, part(0, 10));
        uploads.cancel(id);
        assertThat(staging).doesNotExist();
        assertThat(target).hasContent("old");
        assertThat(uploads.activeSessions()).isZero();
        assertThat(failureOf(() -> chunk(id, 10, part(10, 20)))).isEqualTo(Failure.NOT_UPLOADING);
        assertThat(failureOf(() -> uploads.cancel(id))).isEqualTo(Failure.NOT_UPLOADING);
    }

    private UUID open(String path, long size, String sha1) {
        return uploads.open(new UploadManager.Request(path, size, sha1, UploadManager.DEFAULT_TIMEOUT_MS,
                ChunkEncoding.BASE64, false), CONNECTION);
    }

    /** Every chunk of these tests goes through here: a change of the chunk signature is a one-line fix. */
    private UploadSessions.Progress chunk(UUID id, long offset, byte[] data) {
        return uploads.chunk(id, offset, ByteBuffer.wrap(data));
    }

    private static byte[] part(int from, int to) {
        return Arrays.copyOfRange(DATA, from, to);
    }
}
