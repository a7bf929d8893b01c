package dev.mfp.daemon.api.v1.instance;

import dev.mfp.daemon.instance.report.ReportBuilder;
import dev.mfp.protocol.model.InstanceReport;
import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.protocol.Action;

/** {@code get_instance_report} (and legacy {@code get_instance_status}) — actions.md #30. */
public final class GetInstanceReportHandler implements ActionHandler<InstanceIdParams, GetInstanceReportHandler.Result> {
    private final InstanceManager manager;
    private final ReportBuilder reports;

    public GetInstanceReportHandler(InstanceManager manager, ReportBuilder reports) {
        this.manager = manager;
        this.reports = reports;
    }

    @Override
    public Action action() {
        return Action.GET_INSTANCE_REPORT;
    }

    @Override
    public Class<InstanceIdParams> paramsType() {
        return InstanceIdParams.class;
    }

    @Override
    public GetInstanceReportHandler.Result handle(InstanceIdParams params, RequestContext ctx) throws Exception {
        return new Result(reports.build(manager.get(params.id())));
    }

    public record Result(InstanceReport report) {
    }
}
