package dev.mfp.daemon;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * SIGTERM/SIGINT handling through {@code sun.misc.Signal} (jdk.unsupported), reached reflectively so the
 * build needs no internal API. Where it is missing the JVM's shutdown hooks still stop the daemon cleanly.
 */
final class Signals {
    private Signals() {
    }

    static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Class<?> signalClass = Class.forName("sun.misc.Signal");
                Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                InvocationHandler ih = (proxy, method, args) -> {
                    if (method.getName().equals("handle")) {
                        new Thread(action, "signal-" + name).start();
                    }
                    return null;
                };
                Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, ih);
                signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // not available on this runtime: shutdown hooks cover it
            }
        }
    }
}
