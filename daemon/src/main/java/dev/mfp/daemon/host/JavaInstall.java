package dev.mfp.daemon.host;

/** A Java runtime found on the host: its executable, version and {@code x64}/{@code x86}. */
public record JavaInstall(String path, String version, String architecture) {
}
