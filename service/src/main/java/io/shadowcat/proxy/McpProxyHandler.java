package io.shadowcat.proxy;

import io.shadowcat.profiler.ExchangeTimer;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The MCP endpoint: a Jetty core handler placed in front of Dropwizard's servlet stack, so MCP
 * traffic pays no servlet or Jersey cost and SSE streams without buffering. Requests for other paths,
 * or arriving on other connectors (admin), pass through untouched.
 *
 * <p>Never blocks: the body is read on demand, the upstream call is asynchronous, and the response is
 * written chunk by chunk as the upstream produces it. Thread-safe; per-request state lives in
 * {@link ProxyExchange}.
 */
public final class McpProxyHandler extends Handler.Wrapper {
    private final String path;
    private final String connectorName;
    private final ProxyContext context;

    McpProxyHandler(String path, String connectorName, ProxyContext context) {
        this.path = Objects.requireNonNull(path, "path");
        this.connectorName = connectorName;
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!path.equals(request.getHttpURI().getPath()) || !onServedConnector(request)) {
            return super.handle(request, response, callback);
        }
        ExchangeTimer timer = ExchangeTimer.begin(request.getBeginNanoTime(), System::nanoTime);
        new ProxyExchange(context, request, response, callback, timer).start();
        return true;
    }

    private boolean onServedConnector(Request request) {
        return connectorName == null
                || connectorName.equals(request.getConnectionMetaData().getConnector().getName());
    }
}
