package dev.mfp.protocol.v2.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A member type of the rpc.md §6 vocabulary: binds a JSON value strictly (throwing
 * {@link InvalidParamsException}) and describes itself as JSON Schema.
 */
public abstract class RpcType {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public static final RpcType STRING = scalar("string", v -> v.isTextual() ? null : "expected a string",
            () -> typed("string"));
    public static final RpcType BOOL = scalar("bool", v -> v.isBoolean() ? null : "expected true or false",
            () -> typed("boolean"));
    public static final RpcType INT32 = scalar("int32",
            v -> integer(v, "int32", v.canConvertToInt()), () -> integerSchema("int32"));
    public static final RpcType INT64 = scalar("int64",
            v -> integer(v, "int64", v.canConvertToLong()), () -> integerSchema("int64"));
    public static final RpcType UINT16 = scalar("uint16",
            v -> integer(v, "uint16", v.canConvertToInt() && v.intValue() >= 0 && v.intValue() <= 65535),
            () -> integerSchema("uint16").put("minimum", 0).put("maximum", 65535));
    public static final RpcType UINT64 = scalar("uint64",
            v -> integer(v, "uint64", v.isIntegralNumber() && v.bigIntegerValue().signum() >= 0
                    && v.bigIntegerValue().compareTo(UINT64_MAX) <= 0),
            () -> integerSchema("uint64").put("minimum", 0));
    public static final RpcType DOUBLE = scalar("double",
            v -> !v.isNumber() ? "expected a number" : Double.isFinite(v.doubleValue()) ? null : "not a finite double",
            () -> typed("number").put("format", "double"));
    public static final RpcType UUID = scalar("uuid",
            v -> v.isTextual() && isUuid(v.textValue()) ? null : "expected a uuid 8-4-4-4-12",
            () -> typed("string").put("format", "uuid"));
    public static final RpcType DATE_TIME = scalar("date-time",
            v -> v.isTextual() && DateTimes.isValid(v.textValue()) ? null : "expected an RFC 3339 date-time",
            () -> typed("string").put("format", "date-time"));
    public static final RpcType DURATION = scalar("duration",
            v -> v.isTextual() && Durations.isValid(v.textValue()) ? null : "expected a duration [-][d.]hh:mm:ss[.f]",
            () -> typed("string").put("pattern", Durations.PATTERN));
    /**
     * Any JSON value, {@code null} included: the method validates it (rpc.md §5, §6 on {@code json}).
     */
    public static final RpcType JSON = new RpcType() {
        @Override
        boolean acceptsNull() {
            return true;
        }

        @Override
        void bindValue(JsonNode value, BindPath path) {
        }

        @Override
        ObjectNode schema() {
            return NODES.objectNode();
        }

        @Override
        public String toString() {
            return "json";
        }
    };

    RpcType() {
    }

    /** An enum of exact snake_case wire values. */
    public static RpcType enumOf(String... wireValues) {
        return enumOf(List.of(wireValues));
    }

    public static RpcType enumOf(List<String> wireValues) {
        return new EnumType(new LinkedHashSet<>(wireValues));
    }

    /** {@code T[]}; a {@code null} element is refused unless {@code element} is nullable. */
    public static RpcType arrayOf(RpcType element) {
        return new ArrayType(element);
    }

    /** {@code map<string,T>}. */
    public static RpcType mapOf(RpcType value) {
        return new MapType(value);
    }

    public static RpcType nullable(RpcType type) {
        return type.nullable();
    }

    /** {@code T | null}. */
    public RpcType nullable() {
        return isNullable() ? this : new NullableType(this);
    }

    /**
     * This type with a further invariant of the DTO (rpc.md §5: "DTO invariants that the type itself
     * enforces"), checked on non-null values after the type's own rules.
     */
    public RpcType that(Predicate<JsonNode> invariant, String description) {
        return new CheckedType(this, invariant, description);
    }

    /** Whether {@code null} is a declared value of this type ({@code json} accepts it but does not declare it). */
    public boolean isNullable() {
        return false;
    }

    /** Binds a value outside of a params tree. */
    public final void validate(JsonNode value) {
        bind(Objects.requireNonNull(value, "value"), new BindPath(null, "value", -1));
    }

    public ObjectNode toJsonSchema() {
        return schema();
    }

    final void bind(JsonNode value, BindPath path) {
        if (value.isNull() && !acceptsNull()) {
            throw path.invalid("null is not allowed");
        }
        bindValue(value, path);
    }

    boolean acceptsNull() {
        return isNullable();
    }

    /** Checks {@code value}, which is {@code null} only when {@link #acceptsNull()}. */
    abstract void bindValue(JsonNode value, BindPath path);

    /** A fresh schema node. */
    abstract ObjectNode schema();

    public static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String integer(JsonNode v, String name, boolean inRange) {
        if (!v.isIntegralNumber()) {
            return "expected an integer literal (" + name + ")";
        }
        return inRange ? null : "out of range for " + name;
    }

    private static ObjectNode typed(String jsonType) {
        return NODES.objectNode().put("type", jsonType);
    }

    private static ObjectNode integerSchema(String format) {
        return typed("integer").put("format", format);
    }

    private static RpcType scalar(String name, Function<JsonNode, String> problem, Supplier<ObjectNode> schema) {
        return new RpcType() {
            @Override
            void bindValue(JsonNode value, BindPath path) {
                String why = problem.apply(value);
                if (why != null) {
                    throw path.invalid(why);
                }
            }

            @Override
            ObjectNode schema() {
                return schema.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static final class EnumType extends RpcType {
        private final Set<String> values;
        private final List<String> ordered;

        EnumType(Set<String> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("an enum needs values");
            }
            this.values = Set.copyOf(values);
            this.ordered = List.copyOf(values);
        }

        @Override
        void bindValue(JsonNode value, BindPath path) {
            if (!value.isTextual() || !values.contains(value.textValue())) {
                throw path.invalid("expected one of " + ordered);
            }
        }

        @Override
        ObjectNode schema() {
            ObjectNode s = typed("string");
            ArrayNode e = s.putArray("enum");
            ordered.forEach(e::add);
            return s;
        }

        @Override
        public String toString() {
            return "enum" + ordered;
        }
    }

    private static final class ArrayType extends RpcType {
        private final RpcType element;

        ArrayType(RpcType element) {
            this.element = Objects.requireNonNull(element, "element");
        }

        @Override
        void bindValue(JsonNode value, BindPath path) {
            if (!value.isArray()) {
                throw path.invalid("expected an array");
            }
            for (int i = 0; i < value.size(); i++) {
                element.bind(value.get(i), path.index(i));
            }
        }

        @Override
        ObjectNode schema() {
            ObjectNode s = typed("array");
            s.set("items", element.schema());
            return s;
        }

        @Override
        public String toString() {
            return element + "[]";
        }
    }

    private static final class MapType extends RpcType {
        private final RpcType value;

        MapType(RpcType value) {
            this.value = Objects.requireNonNull(value, "value");
        }

        @Override
        void bindValue(JsonNode node, BindPath path) {
            if (!node.isObject()) {
                throw path.invalid("expected an object (map)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                value.bind(e.getValue(), path.member(e.getKey()));
            }
        }

        @Override
        ObjectNode schema() {
            ObjectNode s = typed("object");
            s.set("additionalProperties", value.schema());
            return s;
        }

        @Override
        public String toString() {
            return "map<string," + value + ">";
        }
    }

    private static final class NullableType extends RpcType {
        private final RpcType type;

        NullableType(RpcType type) {
            this.type = type;
        }

        @Override
        public boolean isNullable() {
            return true;
        }

        @Override
        void bindValue(JsonNode value, BindPath path) {
            if (!value.isNull()) {
                type.bind(value, path);
            }
        }

        /** {@code "type": [t, "null"]} where the inner schema has one type, else {@code anyOf}. */
        @Override
        ObjectNode schema() {
            ObjectNode s = type.schema();
            if (s.isEmpty()) {
                return s;
            }
            JsonNode t = s.get("type");
            if (t == null || !t.isTextual()) {
                ObjectNode any = NODES.objectNode();
                any.putArray("anyOf").add(s).add(typed("null"));
                return any;
            }
            s.putArray("type").add(t.textValue()).add("null");
            JsonNode e = s.get("enum");
            if (e instanceof ArrayNode) {
                ((ArrayNode) e).addNull();
            }
            return s;
        }

        @Override
        public String toString() {
            return type + " | null";
        }
    }

    private static final class CheckedType extends RpcType {
        private final RpcType type;
        private final Predicate<JsonNode> invariant;
        private final String description;

        CheckedType(RpcType type, Predicate<JsonNode> invariant, String description) {
            this.type = Objects.requireNonNull(type, "type");
            this.invariant = Objects.requireNonNull(invariant, "invariant");
            this.description = Objects.requireNonNull(description, "description");
        }

        @Override
        public boolean isNullable() {
            return type.isNullable();
        }

        @Override
        boolean acceptsNull() {
            return type.acceptsNull();
        }

        @Override
        void bindValue(JsonNode value, BindPath path) {
            type.bind(value, path);
            if (!value.isNull() && !invariant.test(value)) {
                throw path.invalid(description);
            }
        }

        @Override
        ObjectNode schema() {
            return type.schema();
        }

        @Override
        public String toString() {
            return type + " (" + description + ")";
        }
    }
}
