package dev.mfp.daemon.api.v2.files;

import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.files.FilesFeature;

/** Per connection: the one close hook that ends its upload and download sessions (transport.md §7). */
public final class TransferSessions {
    private TransferSessions() {
    }

    /** Registers the clean-up of {@code session}'s transfers once per connection. */
    public static void watch(V2Session session, FilesFeature files) {
        session.attachment(TransferSessions.class, () -> {
            session.onClose(() -> {
                files.sequentialUploads().connectionClosed(session.connectionId());
                files.snapshotDownloads().connectionClosed(session.connectionId());
            });
            return new TransferSessions();
        });
    }
}
