package dev.mfp.daemon.api.v2;

import dev.mfp.protocol.v2.rpc.RpcObjectType;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The v2 method table, by name (ordinal order, as rpc.discover lists it). */
public final class V2Methods {
    private final Map<String, V2Method> byName = new TreeMap<>();
    private volatile dev.mfp.protocol.json.AsciiNames<V2Method> byBytes;

    /** A method that runs on a worker thread. */
    public V2Methods on(String name, RpcObjectType params, V2Method.Handler handler) {
        return add(new V2Method(name, params, false, handler));
    }

    /** A method cheap enough to answer on the receiving thread. */
    public V2Methods onInline(String name, RpcObjectType params, V2Method.Handler handler) {
        return add(new V2Method(name, params, true, handler));
    }

    private V2Methods add(V2Method m) {
        if (byName.putIfAbsent(m.name(), m) != null) {
            throw new IllegalStateException("method registered twice: " + m.name());
        }
        byBytes = null;
        return this;
    }

    public V2Method get(String name) {
        return byName.get(name);
    }

    /** The method named by the bytes {@code b[start, end)} of a frame, or {@code null}. */
    public V2Method get(byte[] b, int start, int end) {
        dev.mfp.protocol.json.AsciiNames<V2Method> table = byBytes;
        if (table == null) {
            table = new dev.mfp.protocol.json.AsciiNames<>(byName);
            byBytes = table;
        }
        return table.get(b, start, end);
    }

    public Collection<V2Method> all() {
        return Collections.unmodifiableCollection(byName.values());
    }
}
