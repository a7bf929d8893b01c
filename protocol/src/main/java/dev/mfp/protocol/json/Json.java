package dev.mfp.protocol.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.UUID;

/**
 * The one JSON configuration of the protocol: snake_case members, unknown members ignored, no silent
 * type coercion (a wrong JSON type must surface as 11001), every non-ASCII code unit escaped as
 * {@code \\uXXXX} on output so that lone surrogates of UTF-16BE packed payloads survive
 * (files-and-instances.md §3.3), lenient UUID strings.
 */
public final class Json {
    private static final ObjectMapper MAPPER = create();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A factory whose buffers are recycled through one bounded pool instead of per thread: requests run on virtual
     * threads, each new, so Jackson's default thread-local recycling never reused a buffer (34 % of the allocation
     * under load, LoadBenchmark).
     */
    /** Buffers kept for reuse per factory, at most (the pool is bounded: a burst of requests cannot pin memory). */
    public static final int RECYCLED = 64;

    public static com.fasterxml.jackson.core.JsonFactory recycling() {
        return com.fasterxml.jackson.core.JsonFactory.builder()
                .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.newBoundedPool(RECYCLED))
                .build();
    }

    public static ObjectMapper create() {
        JsonMapper mapper = JsonMapper.builder(recycling())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .addModule(new SimpleModule("mfp")
                        .addDeserializer(UUID.class, new LenientUuidDeserializer()))
                .build();
        for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean, LogicalType.Enum}) {
            mapper.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer || t == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, t == LogicalType.Textual || t == LogicalType.Enum
                            ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return mapper;
    }
}
