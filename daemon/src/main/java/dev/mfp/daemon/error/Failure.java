package dev.mfp.daemon.error;

/**
 * What went wrong in the core, in its own terms. Each front end maps a failure to its wire in one place: v1 in
 * {@code api/v1/V1Errors} (to its result codes), v2 in {@code api/v2/V2Errors} (per method family). The names follow
 * the v1 result codes they were taken from, which is what v1 has always answered.
 */
public enum Failure {
    /** A parameter is missing or of the wrong type. */
    BAD_PARAM,
    /** A parameter has the right type and a value outside what it may be. */
    BAD_FORMAT,
    /** A bug or an unforeseen condition. */
    UNEXPECTED_ERROR,
    /** A bound on concurrent work (sessions, downloads) is reached. */
    LIMIT_REACHED,
    FILE_NOT_FOUND,
    FILE_ALREADY_EXISTS,
    FILE_IN_USE,
    ITS_A_DIRECTORY,
    ITS_A_FILE,
    FILE_ACCESS_FAILED,
    DISK_FULL,
    ALREADY_UPLOADING,
    NOT_UPLOADING,
    FILE_TOO_BIG,
    ALREADY_DOWNLOADING,
    NOT_DOWNLOADING,
    INSTANCE_NOT_FOUND,
    INSTANCE_ALREADY_EXISTS,
    BAD_INSTANCE_STATE,
    BAD_INSTANCE_TYPE,
    INSTALLATION_ERROR,
    PROCESS_ERROR,
    UPLOAD_VERIFICATION_FAILED
}
