package dev.mfp.protocol.wire;

/** The result of actions without one: serializes as {@code {}}. */
public record Empty() {
    public static final Empty INSTANCE = new Empty();
}
