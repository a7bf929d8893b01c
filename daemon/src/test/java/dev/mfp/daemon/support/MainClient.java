package dev.mfp.daemon.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of a {@link DaemonTest} class that gets a connection with the main token: an {@code MfpClient} (v1) or
 * an {@code MfpV2Client} (v2). A static field gets one for the class, an instance field one for each test instance.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface MainClient {
}
