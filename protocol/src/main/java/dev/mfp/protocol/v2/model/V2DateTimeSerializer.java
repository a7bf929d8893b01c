package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/** Writes an {@link Instant} member as a v2 {@code date-time} string ({@link V2Times#format}). */
final class V2DateTimeSerializer extends StdSerializer<Instant> {
    V2DateTimeSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(V2Times.format(value));
    }
}
