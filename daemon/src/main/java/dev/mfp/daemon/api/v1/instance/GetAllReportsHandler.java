package dev.mfp.daemon.api.v1.instance;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.NoParams;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.api.v1.V1Shapes;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.report.ReportBuilder;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.InstanceReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code get_all_reports} (and legacy {@code get_all_status}) — actions.md #31. Reports are built concurrently
 * (each may wait for a Server List Ping); one that cannot be built is omitted.
 */
public final class GetAllReportsHandler implements ActionHandler<NoParams, GetAllReportsHandler.Result> {
    private final InstanceManager manager;
    private final ReportBuilder reports;
    private final ExecutorService workers;

    public GetAllReportsHandler(InstanceManager manager, ReportBuilder reports, ExecutorService workers) {
        this.manager = manager;
        this.reports = reports;
        this.workers = workers;
    }

    @Override
    public Action action() {
        return Action.GET_ALL_REPORTS;
    }

    @Override
    public Class<NoParams> paramsType() {
        return NoParams.class;
    }

    @Override
    public Result handle(NoParams params, RequestContext ctx) throws Exception {
        List<Instance> all = new ArrayList<>(manager.all());
        List<CompletableFuture<InstanceReport>> futures = new ArrayList<>();
        for (Instance i : all) {
            futures.add(CompletableFuture.supplyAsync(() -> V1Shapes.report(reports.build(i)), workers));
        }
        Map<String, InstanceReport> out = new LinkedHashMap<>();
        for (int k = 0; k < all.size(); k++) {
            try {
                out.put(all.get(k).id().toString(), futures.get(k).get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                // omitted (actions.md #31)
            }
        }
        return new Result(out);
    }

    public record Result(Map<String, InstanceReport> reports) {
    }
}
