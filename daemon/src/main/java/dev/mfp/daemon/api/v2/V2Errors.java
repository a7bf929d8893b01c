package dev.mfp.daemon.api.v2;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;

/**
 * The one place where a failure of the shared core ({@link DaemonError}) becomes a v2 domain error
 * (README §5.3, rpc.md §8). The core's codes are coarser than v2's, so each method family states what a code means
 * for it: {@link #file}, {@link #instance}, and {@link #generic} for the rest.
 */
public final class V2Errors {
    private V2Errors() {
    }

    /** A path method or a transfer (transfer.md §1.1): wrong kind is not found, an occupied target is storage. */
    public static V2Error file(DaemonError e) {
        return switch (e.kind()) {
            case FILE_NOT_FOUND, ITS_A_DIRECTORY, ITS_A_FILE -> new V2Error("file.not_found", DaemonErrorKind.NOT_FOUND,
                    e.detail());
            case FILE_ALREADY_EXISTS, FILE_IN_USE, DISK_FULL -> storage(e);
            case FILE_ACCESS_FAILED -> e.detail() != null && e.detail().toLowerCase(java.util.Locale.ROOT)
                    .contains("denied") ? new V2Error("file.access_denied", DaemonErrorKind.STORAGE, e.detail())
                    : storage(e);
            case LIMIT_REACHED -> new V2Error("file.download.limit", DaemonErrorKind.CONFLICT, e.detail());
            case ALREADY_UPLOADING -> new V2Error("file.upload.active", DaemonErrorKind.CONFLICT, e.detail());
            case NOT_UPLOADING, NOT_DOWNLOADING -> new V2Error("file.session.not_found", DaemonErrorKind.NOT_FOUND,
                    e.detail());
            case UPLOAD_VERIFICATION_FAILED -> new V2Error("file.upload.hash_mismatch", DaemonErrorKind.VALIDATION,
                    e.detail());
            default -> generic(e);
        };
    }

    private static V2Error storage(DaemonError e) {
        return new V2Error("file.storage_failed", DaemonErrorKind.STORAGE, e.detail());
    }

    /**
     * An instance method; {@code stateCode} is what a refused state means for it ({@code instance.running},
     * {@code instance.not_running} or {@code instance.already_running}), {@code processCode} what a failed process
     * operation is ({@code instance.start_failed}, …).
     */
    public static V2Error instance(DaemonError e, String stateCode, String processCode) {
        return switch (e.kind()) {
            case INSTANCE_NOT_FOUND -> new V2Error("instance.not_found", DaemonErrorKind.NOT_FOUND, e.detail());
            case BAD_INSTANCE_STATE -> new V2Error(stateCode, DaemonErrorKind.CONFLICT, e.detail());
            case PROCESS_ERROR -> new V2Error(processCode, DaemonErrorKind.INTERNAL, e.detail());
            case BAD_INSTANCE_TYPE -> new V2Error("instance.factory.unsupported", DaemonErrorKind.VALIDATION,
                    e.detail());
            case INSTALLATION_ERROR -> new V2Error("instance.factory.failed", DaemonErrorKind.INTERNAL, e.detail());
            default -> generic(e);
        };
    }

    /**
     * An automation method (automation.md §3, §6): the policy store's, the plan kernel's and the operation
     * coordinator's errors keep their code and kind; a storage failure of the plan index is {@code plan.persist_failed}.
     */
    public static V2Error automation(Exception e) {
        if (e instanceof dev.mfp.daemon.automation.AutomationError a) {
            return new V2Error(a.code(), a.kind(), a.getMessage());
        }
        if (e instanceof dev.mfp.daemon.plan.PlanError p) {
            return new V2Error(p.code(), p.kind());
        }
        if (e instanceof dev.mfp.daemon.operation.OperationError o) {
            return new V2Error(o.code(), o.kind(), o.getMessage());
        }
        if (e instanceof java.io.IOException) {
            return new V2Error("plan.persist_failed", DaemonErrorKind.INTERNAL, e.toString());
        }
        return new V2Error("internal", DaemonErrorKind.INTERNAL, e.toString());
    }

    /** A protocol model's validation failure (only bad parameters come from there) as the core's failure. */
    static DaemonError ofWireModel(dev.mfp.protocol.ActionError e) {
        return new DaemonError(e.code() == dev.mfp.protocol.RetCode.BAD_PARAM ? dev.mfp.daemon.error.Failure.BAD_PARAM
                : dev.mfp.daemon.error.Failure.BAD_FORMAT, e.detail());
    }

    /** What a core failure means when the method family does not say otherwise. */
    public static V2Error generic(DaemonError e) {
        return switch (e.kind()) {
            case INSTANCE_NOT_FOUND -> new V2Error("instance.not_found", DaemonErrorKind.NOT_FOUND, e.detail());
            case FILE_NOT_FOUND, ITS_A_DIRECTORY, ITS_A_FILE -> new V2Error("file.not_found", DaemonErrorKind.NOT_FOUND,
                    e.detail());
            case FILE_ALREADY_EXISTS, FILE_IN_USE, FILE_ACCESS_FAILED, DISK_FULL -> storage(e);
            default -> new V2Error("internal", DaemonErrorKind.INTERNAL, e.getMessage());
        };
    }
}
