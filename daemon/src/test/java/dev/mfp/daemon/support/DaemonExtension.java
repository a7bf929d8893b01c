package dev.mfp.daemon.support;

import dev.mfp.client.MfpClient;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/** The extension behind {@link DaemonTest}. */
public final class DaemonExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DaemonExtension.class);

    /** Closed by JUnit when the class's context ends, after its {@code @AfterAll} methods. */
    private record Running(TestDaemon daemon, boolean checkChildren) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            daemon.close();
            if (checkChildren) {
                TestDaemon.assertNoChildProcesses();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        inject(context.getRequiredTestClass(), null, daemon(context), f -> Modifier.isStatic(f.getModifiers()));
    }

    /** With a per-class lifecycle this runs before {@link #beforeAll}: whichever comes first starts the daemon. */
    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) throws Exception {
        inject(instance.getClass(), instance, daemon(context), f -> !Modifier.isStatic(f.getModifiers()));
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        return p.getParameter().getType() == TestDaemon.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        return daemon(context);
    }

    /** The daemon of the test class, started on first use in the class's context. */
    private static TestDaemon daemon(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        DaemonTest config = c.getRequiredTestClass().getAnnotation(DaemonTest.class);
        boolean check = config != null && config.noChildProcessesAfter();
        return c.getStore(NS).getOrComputeIfAbsent(Running.class, k -> {
            try {
                return new Running(TestDaemon.start(config == null ? Map.of() : config(config.config())), check);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the daemon", e);
            }
        }, Running.class).daemon();
    }

    private static Map<String, Object> config(String[] entries) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@DaemonTest config entry is not key=value: " + entry);
            }
            try {
                config.put(entry.substring(0, eq), Json.mapper().readTree(entry.substring(eq + 1)));
            } catch (IOException e) {
                throw new IllegalArgumentException("@DaemonTest config value is not JSON: " + entry, e);
            }
        }
        return config;
    }

    private static void inject(Class<?> type, Object target, TestDaemon d, Predicate<Field> which)
            throws IllegalAccessException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!which.test(f) || Modifier.isFinal(f.getModifiers())) {
                    continue;
                }
                Object value = f.getType() == TestDaemon.class ? d : f.isAnnotationPresent(MainClient.class)
                        ? mainClient(f, d) : null;
                if (value != null) {
                    f.setAccessible(true);
                    f.set(target, value);
                }
            }
        }
    }

    private static Object mainClient(Field f, TestDaemon d) {
        if (f.getType() == MfpClient.class) {
            return d.client();
        }
        if (f.getType() == MfpV2Client.class) {
            return d.v2();
        }
        throw new IllegalStateException("@MainClient on " + f + ": not an MfpClient or MfpV2Client");
    }
}
