package io.shadowcat.proxy;

import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.session.SessionToken;
import io.shadowcat.upstream.UpstreamLease;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Components;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * One client request through the proxy on Jetty: the request and response of {@link McpProxyHandler}, the body read
 * on demand, delays resumed on the server's pool, and the upstream leg on the upstream's Jetty client
 * ({@link UpstreamCall}). The stages are {@link McpExchange}'s. The client's callback completes exactly once.
 */
final class ProxyExchange extends McpExchange {
    private final Request clientToProxyRequest;
    private final Response proxyToClientResponse;
    private final Callback callback;

    ProxyExchange(ProxyContext context, Request request, Response response, Callback callback, ExchangeTimer timer) {
        super(context, timer);
        this.clientToProxyRequest = request;
        this.proxyToClientResponse = response;
        this.callback = callback;
    }

    Request clientToProxyRequest() {
        return clientToProxyRequest;
    }

    Response proxyToClientResponse() {
        return proxyToClientResponse;
    }

    @Override
    String method() {
        return clientToProxyRequest.getMethod();
    }

    @Override
    String query() {
        return clientToProxyRequest.getHttpURI().getQuery();
    }

    @Override
    public HttpFields headers() {
        return clientToProxyRequest.getHeaders();
    }

    @Override
    public String clientAddress() {
        return Request.getRemoteAddr(clientToProxyRequest);
    }

    @Override
    public InetAddress clientInetAddress() {
        // Where Request.getRemoteAddr reads the address from, before it is text. A forwarded address that Jetty holds
        // unresolved gives null here, and the rules read clientAddress() instead.
        return clientToProxyRequest.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress remote
                ? remote.getAddress() : null;
    }

    @Override
    void readBody(long declared) {
        BoundedBody.read(clientToProxyRequest, declared, context.settings().maxRequestBytes(), this);
    }

    /** The scheduler hands the rest of the exchange to the thread pool. */
    @Override
    void schedule(Runnable then, long nanos) {
        Components components = clientToProxyRequest.getComponents();
        components.getScheduler().schedule(() -> components.getThreadPool().execute(then), nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    void callUpstream(UpstreamLease held, SessionToken session, boolean opensSession, boolean free, ByteBuffer body) {
        new UpstreamCall(this, context, held, session, opensSession, free, List.of(), body).send();
    }

    @Override
    boolean responseStarted() {
        return proxyToClientResponse.isCommitted();
    }

    @Override
    void answer(int status, HttpFields headers, byte[] body) {
        proxyToClientResponse.reset();
        proxyToClientResponse.setStatus(status);
        proxyToClientResponse.getHeaders().add(headers);
        proxyToClientResponse.write(true, ByteBuffer.wrap(body),
                Callback.from(Invocable.InvocationType.NON_BLOCKING, () -> complete(null), this::complete));
    }

    @Override
    int responseStatus() {
        return proxyToClientResponse.getStatus();
    }

    @Override
    void ended(Throwable failure) {
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
    }
}
