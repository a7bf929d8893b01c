package dev.mfp.daemon.instance;

import dev.mfp.daemon.error.DaemonError;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/** Console charsets by their IANA/WHATWG web name ({@code utf-8}, {@code gbk}, {@code shift_jis}, …). */
public final class Encodings {
    private Encodings() {
    }

    /** The charset, or 11002 when the name is not known to this JVM. */
    public static Charset resolve(String name, String member) {
        if (name == null || name.isBlank()) {
            throw DaemonError.badFormat("invalid " + member + " ''");
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw DaemonError.badFormat("invalid " + member + " '" + name + "'");
        }
    }
}
