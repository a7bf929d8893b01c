package dev.mfp.daemon.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.RetCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** In-process calls into the core that must fail with an {@link ActionError}. */
public final class ActionErrors {
    private ActionErrors() {
    }

    /** The code of the ActionError that {@code call} must throw. */
    public static RetCode failureOf(ThrowingCallable call) {
        ActionError e = catchThrowableOfType(ActionError.class, call);
        assertThat(e).as("expected an ActionError").isNotNull();
        return e.code();
    }
}
