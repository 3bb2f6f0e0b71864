package io.shadowcat.proxy;

import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.profiler.ExchangeTimer;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * The MCP endpoint: a Jetty core handler placed in front of Dropwizard's servlet stack, so MCP
 * traffic pays no servlet or Jersey cost and SSE streams without buffering. Requests for other paths,
 * or arriving on other connectors (admin), pass through untouched.
 *
 * <p>Graceful: when the server stops (after its connectors stop accepting), standalone event streams
 * are ended cleanly at an event boundary, requests still arriving on open connections get 503 with
 * {@code Connection: close}, and the shutdown completes when every exchange in flight has finished;
 * the server's stop timeout ({@code server.shutdownGracePeriod}) is the deadline.
 *
 * <p>Never blocks: the body is read on demand, the upstream call is asynchronous, and the response is
 * written chunk by chunk as the upstream produces it. Thread-safe; per-request state lives in
 * {@link ProxyExchange}.
 */
public final class McpProxyHandler extends Handler.Wrapper implements Graceful {
    static final byte[] SHUTTING_DOWN = JsonRpcError.body(null, JsonRpcError.UPSTREAM_UNAVAILABLE,
            "the proxy is shutting down; retry on another instance or after its restart");

    private final String path;
    private final String connectorName;
    private final ProxyContext context;
    private final HeaderFieldCaches headerCaches;
    private final Graceful.Shutdown shutdown = new Graceful.Shutdown(this) {
        @Override
        public boolean isShutdownDone() {
            return context.metrics().inFlight() == 0;
        }
    };

    McpProxyHandler(String path, String connectorName, ProxyContext context, HeaderFieldCaches headerCaches) {
        this.path = Objects.requireNonNull(path, "path");
        this.connectorName = connectorName;
        this.context = Objects.requireNonNull(context, "context");
        this.headerCaches = Objects.requireNonNull(headerCaches, "headerCaches");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!onServedConnector(request)) {
            return super.handle(request, response, callback);
        }
        // Every request of the connector, MCP or not: a connection's header field cache is made exact here.
        headerCaches.offer(request.getConnectionMetaData());
        if (!path.equals(request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        if (shutdown.isShutdown()) {
            response.setStatus(503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            response.write(true, ByteBuffer.wrap(SHUTTING_DOWN), callback);
            return true;
        }
        ExchangeTimer timer = ExchangeTimer.begin(request.getBeginNanoTime(), System::nanoTime);
        new ProxyExchange(context, request, response, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                super.succeeded();
                afterExchange();
            }

            @Override
            public void failed(Throwable failure) {
                super.failed(failure);
                afterExchange();
            }
        }, timer).start();
        return true;
    }

    @Override
    protected void doStart() throws Exception {
        context.startTimeouts(getServer().getScheduler());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        context.stopTimeouts();
    }

    /** Which client connections keep a header field cache (for tests of this package). */
    HeaderFieldCaches headerCaches() {
        return headerCaches;
    }

    /** The MCP endpoint's path. */
    String path() {
        return path;
    }

    /** What the exchanges share (with the Netty data plane, and tests of this package). */
    ProxyContext context() {
        return context;
    }

    /** Called as each exchange ends, on either data plane: a graceful shutdown completes with the last one. */
    void afterExchange() {
        if (shutdown.isShutdown()) {
            shutdown.check();
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        context.streams().endAll();
        return shutdown.shutdown();
    }

    @Override
    public boolean isShutdown() {
        return shutdown.isShutdown();
    }

    /** Whether {@code request} arrived on the connector this handler serves (any, when none is named). */
    boolean onServedConnector(Request request) {
        return connectorName == null
                || connectorName.equals(request.getConnectionMetaData().getConnector().getName());
    }
}
