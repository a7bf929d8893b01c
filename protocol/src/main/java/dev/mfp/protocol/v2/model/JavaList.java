package dev.mfp.protocol.v2.model;

import java.util.List;

/** Result of {@code mcsl.java.list} (methods.md §3.5): v1 {@code java_list} renamed {@code items}. */
public record JavaList(List<JavaRuntime> items) {
    public JavaList {
        items = List.copyOf(items);
    }
}
