package dev.mfp.daemon.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class against one real daemon: started on a loopback port in a temp dir before the class's own
 * {@code @BeforeAll} methods, injected into its {@link TestDaemon} fields (static, or of the instance) and
 * parameters, closed after its {@code @AfterAll} methods (with its clients and the temp dir). Fields marked
 * {@link MainClient} get a connection with the main token.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DaemonExtension.class)
public @interface DaemonTest {
    /** Also assert, once the daemon is closed, that it left no child process (servers, installers) behind. */
    boolean noChildProcessesAfter() default false;

    /** Keys of the daemon's config.json as {@code key=JSON value}, e.g. {@code "instance_stop_timeout_ms=1500"}. */
    String[] config() default {};
}
