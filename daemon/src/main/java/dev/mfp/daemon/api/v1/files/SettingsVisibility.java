package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.protocol.Action;

/** Whether a request's token may read instance settings, and so the registry files that hold them. */
final class SettingsVisibility {
    private SettingsVisibility() {
    }

    static boolean of(RequestContext ctx) {
        return ctx.permissions().allows(Action.GET_INSTANCE_SETTINGS.permission());
    }
}
