package dev.mfp.daemon.api.v2;

import java.util.Locale;

/** {@code error.data.daemon_error_kind} (rpc.md §7.5). */
public enum ErrorKind {
    VALIDATION, NOT_FOUND, CONFLICT, PERMISSION, STORAGE, TRANSPORT, INTERNAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
