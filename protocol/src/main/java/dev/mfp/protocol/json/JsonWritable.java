package dev.mfp.protocol.json;

/**
 * A value that writes its own JSON, byte for byte what the protocol mapper ({@link Json#mapper()}) would write for
 * it, so that hot responses skip the generator. Implemented by small result records only.
 */
public interface JsonWritable {
    void writeJson(AsciiJson out);
}
