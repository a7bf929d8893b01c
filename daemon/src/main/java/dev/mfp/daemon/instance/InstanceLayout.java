package dev.mfp.daemon.instance;

import dev.mfp.daemon.files.ReservedPaths;
import java.nio.file.Path;
import java.util.UUID;

/** Where an instance's files live (files-and-instances.md §1.1, §5.1). */
public final class InstanceLayout {
    public static final String INSTANCES = ReservedPaths.INSTANCES;
    public static final String CONFIG_FILE = ReservedPaths.REGISTRY_FILE;
    /** Install metadata of get_instance_settings (this daemon's file; the spec does not name one). */
    public static final String METADATA_FILE = ReservedPaths.METADATA_FILE;
    /** pid and start time of the running server, while it runs ({@link RunStateFile}). */
    public static final String RUN_STATE_FILE = ReservedPaths.RUN_STATE_FILE;
    public static final String PENDING_INSTALL_FILE = ReservedPaths.PENDING_INSTALL_FILE;

    private InstanceLayout() {
    }

    public static Path dir(Path root, UUID id) {
        return root.resolve(INSTANCES).resolve(id.toString());
    }

    public static String clientPath(UUID id) {
        return INSTANCES + "/" + id;
    }

    /** The target file inside {@code dir}, or null when {@code target} would leave it. */
    public static Path targetPath(Path dir, String target) {
        if (target == null || target.isBlank()) {
            return null;
        }
        Path p = dir.resolve(target.replace('\\', '/')).normalize();
        return p.startsWith(dir) && !p.equals(dir) ? p : null;
    }
}
