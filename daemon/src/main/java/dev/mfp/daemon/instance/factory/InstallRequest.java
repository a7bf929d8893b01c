package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.daemon.instance.NewInstance;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a factory works with: the client's setting, the config so far (uuid fixed), the fresh instance directory,
 * and a sink for installer output (it reaches {@code instance_log} subscribers and the history).
 */
public record InstallRequest(NewInstance setting, InstanceSpec config, Path dir, Consumer<String> console) {
}
