package dev.mfp.daemon.api.v2;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per successful call of an audited method (audit.md §1, the "Audited" column of methods.md §2): the
 * method, who called it (the connection's subject, e.g. {@code daemon-main} or a token's {@code sub}) and what it
 * named — the members of its {@link V2Target}, the same derivation as the audit record's target. Never a token, a
 * console command's text or file contents.
 */
final class V2ActionLog {
    private static final Logger LOG = LoggerFactory.getLogger(V2ActionLog.class);

    private V2ActionLog() {
    }

    static void succeeded(String method, String principal, V2Target target) {
        if (LOG.isInfoEnabled()) {
            LOG.info("{} by {}: {}", method, principal, target.describe());
        }
    }
}
