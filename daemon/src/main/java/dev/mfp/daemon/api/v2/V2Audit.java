package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.audit.AuditLog;
import dev.mfp.daemon.audit.AuditRecord;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.InvalidParamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front end's side of the audit log (audit.md §1, §2): runs a resolved, permitted, bound call of an audited
 * method and writes one record of its outcome — principal = the connection's subject, permission = the method name,
 * target by {@link V2Target}, {@code error_code} = the answer's {@code daemon_error_code}, or
 * {@code internal.unexpected} when the answer has none (an unexpected exception). A {@code -32602} raised by the
 * method itself is a rejected request like a binding failure and is not recorded. Recording is fail-open
 * ({@link AuditLog#append} never throws), so it never changes the call's answer.
 */
final class V2Audit {
    static final String UNEXPECTED = "internal.unexpected";
    static final String CANCELLED = "request.cancelled";

    private static final Logger LOG = LoggerFactory.getLogger(V2Audit.class);

    private final AuditLog log;

    /** @param log the history, or null to record nothing (the INFO lines are still written) */
    V2Audit(AuditLog log) {
        this.log = log;
    }

    /** Runs {@code method}'s handler; for an audited method also records the call (and logs its success). */
    Object call(V2Method method, ObjectNode params, V2Session session) throws Exception {
        if (!V2Target.isAudited(method.name())) {
            return method.handler().call(params, session);
        }
        Object result;
        try {
            result = method.handler().call(params, session);
        } catch (V2Error e) {
            failed(method, params, session, e.code() == null ? UNEXPECTED : e.code());
            throw e;
        } catch (InvalidParamsException e) {
            throw e;
        } catch (DaemonError e) {
            V2Error mapped = V2Errors.generic(e); // as the dispatcher answers it
            failed(method, params, session, mapped.kind() == DaemonErrorKind.INTERNAL ? UNEXPECTED : mapped.code());
            throw e;
        } catch (Throwable e) {
            failed(method, params, session, UNEXPECTED);
            throw e;
        }
        try {
            V2Target target = V2Target.of(method.name(), params, result instanceof V2Reply r ? r.result() : result);
            String principal = principal(session);
            write(AuditRecord.call(principal, method.name(), target.value(), null)
                    .withOperationId(V2Target.operationId(params, result instanceof V2Reply r ? r.result() : result))
                    .withPlan(V2Target.planId(params, result), V2Target.member(params, result, "plan_hash"),
                            V2Target.member(null, result, "confirmed_by")));
            V2ActionLog.succeeded(method.name(), principal, target);
        } catch (RuntimeException e) {
            LOG.warn("{}: audit record not written: {}", method.name(), e.toString()); // fail-open
        }
        return result;
    }

    /** A permitted, bound call that did not run because its connection had closed. */
    void cancelled(V2Method method, ObjectNode params, V2Session session) {
        if (V2Target.isAudited(method.name())) {
            failed(method, params, session, CANCELLED);
        }
    }

    private void failed(V2Method method, ObjectNode params, V2Session session, String code) {
        try {
            write(AuditRecord.call(principal(session), method.name(),
                    V2Target.of(method.name(), params, null).value(), code)
                    .withOperationId(V2Target.operationId(params, null))
                    .withPlan(V2Target.planId(params, null), V2Target.member(params, null, "plan_hash"), null));
        } catch (RuntimeException e) {
            LOG.warn("{}: audit record not written: {}", method.name(), e.toString()); // fail-open
        }
    }

    private void write(AuditRecord r) {
        if (log != null) {
            log.append(r);
        }
    }

    private static String principal(V2Session session) {
        String subject = session.subject();
        return subject == null || subject.isEmpty() ? AuditRecord.UNKNOWN_PRINCIPAL : subject;
    }
}
