package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionRegistry;
import dev.mfp.daemon.api.v1.V1Shapes;
import dev.mfp.daemon.files.FilesFeature;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.FileMetadata;
import dev.mfp.protocol.wire.Empty;

/** The v1 file actions (actions.md §8–23); the upload and download sessions have classes of their own. */
public final class FileActions {
    /** {@code get_file_info}: {@code {meta}}. */
    public record FileInfo(FileMetadata meta) {
    }

    private FileActions() {
    }

    public static void register(ActionRegistry r, FilesFeature files) {
        var info = files.info();
        var ops = files.operations();
        r.on(Action.GET_FILE_INFO, PathParams.class,
                (p, ctx) -> new FileInfo(V1Shapes.fileMetadata(info.fileInfo(p.requirePath()))))
                .on(Action.GET_DIRECTORY_INFO, PathParams.class,
                        (p, ctx) -> V1Shapes.directoryEntry(info.directoryInfo(p.requirePath())))
                .on(Action.DELETE_FILE, PathParams.class, (p, ctx) -> {
                    ops.deleteFile(p.requirePath());
                    return Empty.INSTANCE;
                })
                .on(Action.DELETE_DIRECTORY, DeleteDirectoryParams.class, (p, ctx) -> {
                    String path = p.requirePath();
                    ops.deleteDirectory(path, p.requireRecursive());
                    return Empty.INSTANCE;
                })
                .on(Action.RENAME_FILE, RenameParams.class, (p, ctx) -> rename(files, p, false))
                .on(Action.RENAME_DIRECTORY, RenameParams.class, (p, ctx) -> rename(files, p, true))
                .on(Action.CREATE_DIRECTORY, PathParams.class, (p, ctx) -> {
                    ops.createDirectory(p.requirePath());
                    return Empty.INSTANCE;
                })
                .on(Action.MOVE_FILE, TransferParams.class, (p, ctx) -> transfer(files, p, false, false, true))
                .on(Action.MOVE_DIRECTORY, TransferParams.class, (p, ctx) -> transfer(files, p, true, false, true))
                .on(Action.COPY_FILE, TransferParams.class,
                        (p, ctx) -> transfer(files, p, false, true, SettingsVisibility.of(ctx)))
                .on(Action.COPY_DIRECTORY, TransferParams.class,
                        (p, ctx) -> transfer(files, p, true, true, SettingsVisibility.of(ctx)))
                .on(Action.FILE_UPLOAD_STATUS, FileIdParams.class, (p, ctx) -> files.uploads().status(p.requireFileId()))
                .on(Action.FILE_UPLOAD_CANCEL, FileIdParams.class, (p, ctx) -> {
                    files.uploads().cancel(p.requireFileId());
                    return Empty.INSTANCE;
                })
                .on(Action.FILE_DOWNLOAD_CLOSE, FileIdParams.class, (p, ctx) -> {
                    files.downloads().close(p.requireFileId());
                    return Empty.INSTANCE;
                });
    }

    private static Empty rename(FilesFeature files, RenameParams p, boolean directory) {
        String path = p.requirePath();
        files.operations().rename(path, p.requireNewName(), directory);
        return Empty.INSTANCE;
    }

    /** The source is checked before the destination (11001 names the first missing one). */
    private static Empty transfer(FilesFeature files, TransferParams p, boolean directory, boolean copy,
            boolean maySeeSettings) {
        String source = p.requireSource();
        files.operations().transfer(source, p.requireDestination(), directory, copy, maySeeSettings);
        return Empty.INSTANCE;
    }
}
