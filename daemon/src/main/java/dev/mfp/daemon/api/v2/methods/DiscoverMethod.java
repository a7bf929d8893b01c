package dev.mfp.daemon.api.v2.methods;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Method;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.protocol.v2.rpc.RpcField;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code rpc.discover} (rpc.md §9): the OpenRPC document of the table that dispatches the requests, built once on
 * first use. Request schemas come from the same strict types the binder uses; result schemas are plain objects.
 */
public final class DiscoverMethod {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[][] EVENTS = {
        {"mcsl.event.daemon.report", "omitted"},
        {"mcsl.event.instance.catalog.changed", "omitted"},
        {"mcsl.event.instance.log", "required"},
        {"mcsl.event.notification", "required"},
    };

    private DiscoverMethod() {
    }

    public static void register(V2Methods m, String version) {
        ObjectNode[] document = new ObjectNode[1];
        m.onInline("rpc.discover", RpcObjectType.EMPTY, (p, s) -> {
            synchronized (document) {
                if (document[0] == null) {
                    document[0] = build(m, version);
                }
                return document[0];
            }
        });
    }

    static ObjectNode build(V2Methods m, String version) {
        ObjectNode doc = F.objectNode();
        doc.put("openrpc", "1.3.2");
        doc.putObject("info").put("title", "MCServerLauncher daemon").put("version", version);
        ArrayNode methods = doc.putArray("methods");
        for (V2Method method : m.all()) {
            ObjectNode e = methods.addObject();
            e.put("name", method.name());
            ArrayNode params = e.putArray("params");
            List<RpcField> fields = new ArrayList<>(method.params().fields());
            fields.sort(Comparator.comparing(RpcField::name));
            for (RpcField f : fields) {
                params.addObject().put("name", f.name()).put("required", f.required())
                        .set("schema", f.type().toJsonSchema());
            }
            ObjectNode result = e.putObject("result");
            result.put("name", "result");
            result.putObject("schema").put("$id", "mcsl.schema." + method.name() + ".result").put("type", "object");
            result.put("required", true);
            result.put("summary", "result of " + method.name());
            result.put("description", "The result object of " + method.name() + ".");
            e.put("paramStructure", "by-name");
            e.put("x-mcsl-permission", method.name());
            e.put("x-mcsl-allow-notification", false);
            e.put("summary", method.name());
        }
        ObjectNode errorData = F.objectNode();
        errorData.put("$id", "mcsl.schema.json-rpc.error.data").put("type", "object");
        doc.putObject("components").putObject("schemas").set("mcsl.schema.json-rpc.error.data", errorData);
        ArrayNode events = doc.putArray("x-mcsl-events");
        for (String[] ev : EVENTS) {
            ObjectNode e = events.addObject();
            e.put("name", ev[0]);
            e.put("permission", "*");
            e.putObject("data").put("presence", "required").putObject("schema").put("type", "object");
            ObjectNode meta = e.putObject("meta").put("presence", ev[1]);
            if (!ev[1].equals("omitted")) {
                meta.putObject("schema").put("type", "object");
            }
            e.put("summary", ev[0]);
            e.put("description", "The " + ev[0] + " event.");
        }
        return doc;
    }
}
