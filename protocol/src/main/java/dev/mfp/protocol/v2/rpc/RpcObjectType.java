package dev.mfp.protocol.v2.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A typed JSON object bound strictly (rpc.md §5): no unknown members, required ones present. */
public final class RpcObjectType extends RpcType {
    /** The request type of methods whose request schema has no properties. */
    public static final RpcObjectType EMPTY = new RpcObjectType(List.of());

    private final Map<String, RpcField> fields;

    private RpcObjectType(List<RpcField> fields) {
        Map<String, RpcField> byName = new LinkedHashMap<>();
        for (RpcField f : fields) {
            if (byName.put(f.name(), f) != null) {
                throw new IllegalArgumentException("field declared twice: " + f.name());
            }
        }
        this.fields = Collections.unmodifiableMap(byName);
    }

    public static RpcObjectType of(RpcField... fields) {
        return new RpcObjectType(List.of(fields));
    }

    public static RpcObjectType of(List<RpcField> fields) {
        return new RpcObjectType(List.copyOf(fields));
    }

    /** The fields in declaration order, which is also the order of the schema's properties. */
    public List<RpcField> fields() {
        return List.copyOf(fields.values());
    }

    public RpcField field(String name) {
        return fields.get(name);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    @Override
    void bindValue(JsonNode value, BindPath path) {
        if (!value.isObject()) {
            throw path.invalid("expected an object");
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.containsKey(name)) {
                throw path.member(name).invalid("unknown member");
            }
        }
        for (RpcField f : fields.values()) {
            JsonNode member = value.get(f.name());
            if (member == null) {
                if (f.required()) {
                    throw path.member(f.name()).invalid("missing required member");
                }
            } else {
                f.type().bind(member, path.member(f.name()));
            }
        }
    }

    @Override
    ObjectNode schema() {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        fillSchema(s);
        return s;
    }

    /** The JSON Schema of this type as rpc.discover lists it, with {@code $id} first. */
    public ObjectNode toJsonSchema(String id) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("$id", id);
        fillSchema(s);
        return s;
    }

    private void fillSchema(ObjectNode s) {
        s.put("type", "object");
        ObjectNode properties = s.putObject("properties");
        ArrayNode required = JsonNodeFactory.instance.arrayNode();
        for (RpcField f : fields.values()) {
            properties.set(f.name(), f.type().schema());
            if (f.required()) {
                required.add(f.name());
            }
        }
        s.set("required", required);
        s.put("additionalProperties", false);
    }
}
