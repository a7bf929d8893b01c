package dev.mfp.daemon.files.download;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.UUID;

/** One open download (files-and-instances.md §4): the file opened for shared reading, its size at open time. */
final class DownloadSession {
    final UUID id;
    final UUID connection;
    final Path file;
    final SeekableByteChannel channel;
    final long size;
    final long timeoutMillis;
    volatile long lastActivityNanos = System.nanoTime();
    boolean closed;

    DownloadSession(UUID id, UUID connection, Path file, SeekableByteChannel channel, long size, long timeoutMillis) {
        this.id = id;
        this.connection = connection;
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.timeoutMillis = timeoutMillis;
    }
}
