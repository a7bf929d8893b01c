package dev.mfp.daemon.instance.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** Binds an interface to the C library on Linux; {@code null} elsewhere or when it cannot be loaded. */
final class LinuxLibc {
    private LinuxLibc() {
    }

    static <T extends Library> T load(Class<T> api) {
        try {
            return Platform.isLinux() ? Native.load(Platform.C_LIBRARY_NAME, api) : null;
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }
}
