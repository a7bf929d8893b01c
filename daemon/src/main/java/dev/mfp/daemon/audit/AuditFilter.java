package dev.mfp.daemon.audit;

import java.time.Instant;

/**
 * What {@link AuditLog#query} matches (audit.md §5): each non-null member must hold — timestamps inclusive, the
 * strings exactly.
 */
public record AuditFilter(Instant notBefore, Instant notAfter, String principal, String method, String target) {
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);

    boolean matches(AuditRecord r) {
        return (notBefore == null || !r.timestamp().isBefore(notBefore))
                && (notAfter == null || !r.timestamp().isAfter(notAfter))
                && (principal == null || principal.equals(r.principal()))
                && (method == null || method.equals(r.method()))
                && (target == null || target.equals(r.target()));
    }
}
