package dev.mfp.daemon.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Virtual threads where the runtime has them (Java 21+), platform threads otherwise. The build targets
 * Java 17, so the virtual-thread API is reached reflectively.
 */
public final class Threads {
    private static final ThreadFactory VIRTUAL = virtualFactory();

    private Threads() {
    }

    public static boolean virtualAvailable() {
        return VIRTUAL != null;
    }

    /** An executor that starts one (virtual, if possible) thread per task. */
    public static ExecutorService perTaskExecutor(String name) {
        if (VIRTUAL != null) {
            try {
                return (ExecutorService) MethodHandles.publicLookup()
                        .findStatic(Executors.class, "newThreadPerTaskExecutor",
                                MethodType.methodType(ExecutorService.class, ThreadFactory.class))
                        .invoke(VIRTUAL);
            } catch (Throwable e) {
                // fall through to platform threads
            }
        }
        return Executors.newCachedThreadPool(daemonFactory(name));
    }

    /** Starts a background task on a virtual thread (or a daemon platform thread). */
    public static Thread start(String name, Runnable task) {
        Thread t = VIRTUAL != null ? VIRTUAL.newThread(task) : new Thread(task);
        t.setName(name);
        if (!t.isDaemon()) {
            t.setDaemon(true);
        }
        t.start();
        return t;
    }

    public static ThreadFactory daemonFactory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static ThreadFactory virtualFactory() {
        try {
            Object builder = MethodHandles.publicLookup()
                    .findStatic(Thread.class, "ofVirtual", MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")))
                    .invoke();
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            return (ThreadFactory) MethodHandles.publicLookup()
                    .findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class))
                    .invoke(builder);
        } catch (Throwable e) {
            return null;
        }
    }
}
