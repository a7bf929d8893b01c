package dev.mfp.daemon.api.v1.misc;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.NoParams;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.api.v1.V1Shapes;
import dev.mfp.daemon.host.JavaScanner;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.JavaInfo;
import java.util.List;

public final class GetJavaListHandler implements ActionHandler<NoParams, GetJavaListHandler.Result> {
    public record Result(List<JavaInfo> javaList) {
    }

    private final JavaScanner scanner;

    public GetJavaListHandler(JavaScanner scanner) {
        this.scanner = scanner;
    }

    @Override
    public Action action() {
        return Action.GET_JAVA_LIST;
    }

    @Override
    public Class<NoParams> paramsType() {
        return NoParams.class;
    }

    @Override
    public Result handle(NoParams params, RequestContext ctx) {
        return new Result(V1Shapes.javaList(scanner.list()));
    }
}
