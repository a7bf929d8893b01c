package dev.mfp.daemon.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** In-process calls into the core that must fail with a {@link DaemonError}. */
public final class DaemonErrors {
    private DaemonErrors() {
    }

    /** The code of the DaemonError that {@code call} must throw. */
    public static Failure failureOf(ThrowingCallable call) {
        DaemonError e = catchThrowableOfType(DaemonError.class, call);
        assertThat(e).as("expected a DaemonError").isNotNull();
        return e.kind();
    }
}
