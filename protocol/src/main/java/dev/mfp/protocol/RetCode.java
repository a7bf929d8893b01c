package dev.mfp.protocol;

/** Result codes of MFP v1 (errors.md §1). Category headings (x000/x100) are deliberately absent: they are never sent. */
public enum RetCode {
    OK(0, "OK"),
    BAD_REQUEST(10001, "Bad Request"),
    UNKNOWN_ACTION(10002, "Unknown Action"),
    PERMISSION_DENIED(10003, "Permission Denied"),
    ACTION_UNAVAILABLE(10004, "Action Unavailable"),
    RATE_LIMIT_EXCEEDED(10005, "Rate Limit Exceeded"),
    BAD_PARAM(11001, "Bad Param"),
    BAD_FORMAT(11002, "Bad Format"),
    UNEXPECTED_ERROR(20001, "Unexpected Error"),
    FILE_NOT_FOUND(21001, "File Not Found"),
    FILE_ALREADY_EXISTS(21002, "File Already Exists"),
    FILE_IN_USE(21003, "File In Use"),
    ITS_A_DIRECTORY(21004, "It's A Directory"),
    ITS_A_FILE(21005, "It's A File"),
    FILE_ACCESS_FAILED(21006, "File Access Failed"),
    DISK_FULL(21007, "Disk Full"),
    ALREADY_UPLOADING(21101, "Already Uploading"),
    NOT_UPLOADING(21102, "Not Uploading"),
    FILE_TOO_BIG(21103, "File Too Big"),
    ALREADY_DOWNLOADING(21104, "Already Downloading"),
    NOT_DOWNLOADING(21105, "Not Downloading"),
    INSTANCE_NOT_FOUND(30001, "Instance Not Found"),
    INSTANCE_ALREADY_EXISTS(30002, "Instance Already Exists"),
    BAD_INSTANCE_STATE(30003, "Bad Instance State"),
    BAD_INSTANCE_TYPE(30004, "Bad Instance Type"),
    INSTALLATION_ERROR(60001, "Installation Error"),
    PROCESS_ERROR(60002, "Process Error"),
    UPLOAD_VERIFICATION_FAILED(60003, "Upload Verification Failed");

    private final int code;
    private final String title;

    RetCode(int code, String title) {
        this.code = code;
        this.title = title;
    }

    public int code() {
        return code;
    }

    /** The English name used as the message prefix (errors.md §3). */
    public String title() {
        return title;
    }

    public static RetCode ofCode(int code) {
        for (RetCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /**
     * {@code "<Name>"} or {@code "<Name>: <detail>"}; a detail equal to the name is not repeated. Trailing whitespace
     * of the detail (which may echo client text, e.g. an unknown action name ending in a newline) is dropped: the
     * message never ends with a newline (errors.md §3).
     */
    public String message(String detail) {
        if (detail != null) {
            detail = detail.stripTrailing();
        }
        if (detail == null || detail.isEmpty() || detail.equals(title)) {
            return title;
        }
        return title + ": " + detail;
    }
}
