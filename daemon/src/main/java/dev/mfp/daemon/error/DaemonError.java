package dev.mfp.daemon.error;

/**
 * A refused or failed core operation as a value: its {@link Failure} and a short human detail (which never carries a
 * host path outside the daemon's root). Thrown by the core; never sent as it is — a front end maps it. Carries no
 * stack trace: it is an answer, not a bug.
 */
public final class DaemonError extends RuntimeException {
    private final Failure kind;
    private final String detail;

    public DaemonError(Failure kind, String detail) {
        super(detail == null ? kind.name() : kind.name() + ": " + detail, null, false, false);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.detail = detail;
    }

    public DaemonError(Failure kind) {
        this(kind, null);
    }

    public Failure kind() {
        return kind;
    }

    public String detail() {
        return detail;
    }

    public static DaemonError badParam(String detail) {
        return new DaemonError(Failure.BAD_PARAM, detail);
    }

    public static DaemonError badFormat(String detail) {
        return new DaemonError(Failure.BAD_FORMAT, detail);
    }
}
