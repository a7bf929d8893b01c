package dev.mfp.daemon.api.v1;

/** Parameter type of parameterless actions: {@code params} may be omitted, null or any object. */
public record NoParams() {
    public static final NoParams INSTANCE = new NoParams();
}
