package dev.mfp.protocol.v2.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

final class JsonNodeFactoryHolder {
    private JsonNodeFactoryHolder() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
