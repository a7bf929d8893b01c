/**
 * The v2 DTOs (spec-v2 models.md, transfer.md §2, events.md, instances.md §2–§6) on the output side, and the
 * conversion of the stored v1 instance configuration of {@code dev.mfp.protocol.model} to them
 * ({@link dev.mfp.protocol.v2.model.V2Models}, README.md §5). Serialized with
 * {@link dev.mfp.protocol.json.Json#mapper()}: every member is written, {@code null} included, except the members
 * the spec marks as omitted.
 */
package dev.mfp.protocol.v2.model;
