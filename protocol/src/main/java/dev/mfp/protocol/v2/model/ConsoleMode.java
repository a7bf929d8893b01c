package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mfp.protocol.json.WireEnums;

/** How an instance process is started (models.md §1, console.md §1); the default is {@link #PIPE}. */
public enum ConsoleMode {
    PIPE("pipe"), PTY("pty");

    private final String wire;

    ConsoleMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Lenient like the v1 enums ({@link WireEnums#parse}); an unknown value is an IllegalArgumentException. */
    @JsonCreator
    public static ConsoleMode fromWire(String value) {
        ConsoleMode m = WireEnums.parse(ConsoleMode.class, value);
        if (m == null) {
            throw new IllegalArgumentException("unknown console mode '" + value + "'");
        }
        return m;
    }
}
