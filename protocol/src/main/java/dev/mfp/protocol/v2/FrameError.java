package dev.mfp.protocol.v2;

/**
 * Why a binary message is not a valid v2 frame (binary.md §3), in decoding order. The daemon's reaction depends
 * on whether the frame's kind and session id could be trusted when decoding stopped (binary.md §4): before that
 * point the connection is aborted; after it an upload session can be terminated on its own.
 */
public enum FrameError {
    FRAME_TOO_SHORT(false),
    UNSUPPORTED_VERSION(false),
    UNKNOWN_KIND(false),
    RESERVED_NOT_ZERO(false),
    EMPTY_SESSION_ID(false),
    NEGATIVE_OFFSET(true),
    PAYLOAD_LENGTH_MISMATCH(true),
    PAYLOAD_TOO_LARGE(true);

    private final boolean identityKnown;

    FrameError(boolean identityKnown) {
        this.identityKnown = identityKnown;
    }

    /** True for the failures of steps 6–8, which are reported together with the frame's kind and session id. */
    public boolean identityKnown() {
        return identityKnown;
    }
}
