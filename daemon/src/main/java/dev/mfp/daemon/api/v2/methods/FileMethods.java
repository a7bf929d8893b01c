package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.api.v2.files.FileFaults;
import dev.mfp.daemon.files.FilesFeature;
import dev.mfp.daemon.files.StrictFileOperations;
import dev.mfp.protocol.v2.model.DirectoryEntry;
import dev.mfp.protocol.v2.model.DirectoryInfo;
import dev.mfp.protocol.v2.model.DirectoryMetadata;
import dev.mfp.protocol.v2.model.FileEntry;
import dev.mfp.protocol.v2.model.FileInfo;
import dev.mfp.protocol.v2.model.FileMetadata;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.util.Map;

/**
 * The path methods of transfer.md §3 on the core's strict file operations: paths by transfer.md §1 (decisions #5),
 * wrong kinds and occupied destinations by decisions #7, errors by §1.1. {@code ""} means the root only for
 * {@code mcsl.directory.info.get} (client-compat.md §9).
 */
public final class FileMethods {
    static final RpcObjectType PATH = RpcObjectType.of(required("path", RpcType.STRING));
    static final RpcObjectType DELETE_DIRECTORY = RpcObjectType.of(required("path", RpcType.STRING),
            required("recursive", RpcType.BOOL));
    static final RpcObjectType RENAME = RpcObjectType.of(required("path", RpcType.STRING),
            required("new_name", RpcType.STRING));
    static final RpcObjectType TRANSFER = RpcObjectType.of(required("source_path", RpcType.STRING),
            required("destination_path", RpcType.STRING));
    /** The permission that lets a token read instance settings, and so copy a registry file. */
    static final String SETTINGS_READ = "mcsl.instance.settings.get";

    private FileMethods() {
    }

    public static void register(V2Methods m, FilesFeature files) {
        StrictFileOperations ops = files.strict();
        m.on("mcsl.directory.info.get", PATH, (p, s) -> FileFaults.run(() -> {
            String path = text(p, "path");
            return listing(ops.list(path.isEmpty() ? "." : path));
        })).on("mcsl.file.info.get", PATH, (p, s) -> FileFaults.run(
                () -> new FileInfo(file(ops.fileInfo(text(p, "path"))))))
                .on("mcsl.directory.create", PATH, (p, s) -> done(() -> ops.createDirectory(text(p, "path"))))
                .on("mcsl.file.delete", PATH, (p, s) -> done(() -> ops.deleteFile(text(p, "path"))))
                .on("mcsl.directory.delete", DELETE_DIRECTORY, (p, s) -> done(
                        () -> ops.deleteDirectory(text(p, "path"), p.get("recursive").booleanValue())))
                .on("mcsl.file.rename", RENAME, (p, s) -> done(
                        () -> ops.rename(text(p, "path"), text(p, "new_name"), false)))
                .on("mcsl.directory.rename", RENAME, (p, s) -> done(
                        () -> ops.rename(text(p, "path"), text(p, "new_name"), true)))
                .on("mcsl.file.move", TRANSFER, (p, s) -> done(
                        () -> ops.move(text(p, "source_path"), text(p, "destination_path"), false)))
                .on("mcsl.directory.move", TRANSFER, (p, s) -> done(
                        () -> ops.move(text(p, "source_path"), text(p, "destination_path"), true)))
                .on("mcsl.file.copy", TRANSFER, (p, s) -> done(
                        () -> ops.copyFile(text(p, "source_path"), text(p, "destination_path"), maySeeSettings(s))))
                .on("mcsl.directory.copy", TRANSFER, (p, s) -> done(() -> ops.copyDirectory(text(p, "source_path"),
                        text(p, "destination_path"), maySeeSettings(s))));
    }

    static boolean maySeeSettings(V2Session s) {
        return s.grant().v2().allows(SETTINGS_READ);
    }

    static String text(ObjectNode p, String member) {
        return p.get(member).textValue();
    }

    private static Object done(Runnable r) {
        return FileFaults.run(() -> {
            r.run();
            return Map.of();
        });
    }

    private static DirectoryInfo listing(StrictFileOperations.Listing l) {
        return new DirectoryInfo(l.parent(),
                l.files().stream().map(f -> new FileEntry(f.name(), file(f.meta()))).toList(),
                l.directories().stream().map(d -> new DirectoryEntry(d.name(), directory(d.meta()))).toList());
    }

    private static FileMetadata file(StrictFileOperations.Meta m) {
        return new FileMetadata(m.creationTime(), m.hidden(), m.lastAccessTime(), m.lastWriteTime(), m.readOnly(),
                m.size());
    }

    private static DirectoryMetadata directory(StrictFileOperations.Meta m) {
        return new DirectoryMetadata(m.creationTime(), m.hidden(), m.lastAccessTime(), m.lastWriteTime());
    }
}
