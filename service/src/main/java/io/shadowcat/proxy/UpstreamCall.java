package io.shadowcat.proxy;

import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.Stage;
import io.shadowcat.protocol.McpHeaders;
import io.shadowcat.session.SessionToken;
import io.shadowcat.upstream.Upstream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream leg of one exchange: sends the proxy-to-server request through the shared HTTP client
 * and streams the server-to-proxy response to the client chunk by chunk, with back-pressure (the next
 * chunk is read only when the previous write has completed), so an SSE event reaches the client as
 * soon as the upstream sends it.
 *
 * <p>Failures before the response has started become 502 (refused, reset) or 504 (no first byte in
 * time) with a JSON-RPC error; after that the client's response is aborted, never patched with an
 * error. Confined to one exchange.
 */
final class UpstreamCall {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamCall.class);

    private final ProxyExchange exchange;
    private final ProxyContext context;
    private final Upstream upstream;
    private final SessionToken session;
    private final boolean opensSession;
    private final ByteBuffer body;
    private final ExchangeTimer timer;
    private volatile Scheduler.Task firstByteTimeout;
    private volatile boolean streaming;
    private volatile boolean sessionLost;
    /** The list filter for this response, or {@code null} when it passes through untouched. */
    private volatile ListResultFilter listFilter;
    private volatile boolean eventStream;
    /** null (no header flush), {@link #FLUSHING}, {@link #FLUSHED}, or the content source waiting for the flush. */
    private final AtomicReference<Object> headerFlush = new AtomicReference<>();
    private static final Object FLUSHING = new Object();
    private static final Object FLUSHED = new Object();
    /** Largest list response (or SSE event of one) held for filtering; beyond, the response fails. */
    private static final long MAX_FILTERED_BYTES = 16L * 1024 * 1024;

    UpstreamCall(ProxyExchange exchange, ProxyContext context, Upstream upstream, SessionToken session,
                 boolean opensSession, ByteBuffer body) {
        this.exchange = exchange;
        this.context = context;
        this.upstream = upstream;
        this.session = session;
        this.opensSession = opensSession;
        this.body = body;
        this.timer = exchange.timer();
    }

    void send() {
        URI endpoint = upstream.endpoint();
        if (endpoint == null) {
            exchange.reject(Rejection.of(502, JsonRpcError.UPSTREAM_UNAVAILABLE, "upstream '" + upstream.name() + "' is not started"));
            return;
        }
        CompletableFuture<HttpField> credential = upstream.credential().header();
        if (credential.isDone() && !credential.isCompletedExceptionally()) {
            send(endpoint, credential.getNow(null));
            return;
        }
        // A credential still being fetched (first use, or expired): continue when it arrives, on no waiting thread.
        credential.whenComplete((field, failure) -> {
            if (failure != null) {
                LOG.warn("P2S #{} no credential for upstream '{}': {}", timer.id(), upstream.name(), failure.toString());
                exchange.reject(Rejection.of(502, JsonRpcError.UPSTREAM_UNAVAILABLE,
                        "could not obtain credentials for upstream '" + upstream.name() + "'"));
            } else {
                send(endpoint, field);
            }
        });
    }

    private void send(URI endpoint, HttpField credential) {
        org.eclipse.jetty.server.Request clientToProxyRequest = exchange.clientToProxyRequest();
        Request proxyToServerRequest = context.client().newRequest(endpoint)
                .method(clientToProxyRequest.getMethod())
                .version(HttpVersion.HTTP_1_1)
                .idleTimeout(context.settings().idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> copyHeaders(headers, credential))
                .onRequestBegin(request -> timer.open(Stage.UPSTREAM))
                .onResponseBegin(this::onFirstByte)
                .onResponseHeaders(this::onHeaders)
                .onResponseContentSource(this::onContent);
        if (body != null) {
            proxyToServerRequest.body(new ByteBufferRequestContent("application/json", body));
        }
        timer.open(Stage.CONNECT);
        long timeoutMillis = context.settings().responseTimeout().toMillis();
        firstByteTimeout = context.client().getScheduler().schedule(() -> proxyToServerRequest.abort(
                new TimeoutException("no response from upstream '" + upstream.name() + "' within " + timeoutMillis + " ms")),
                timeoutMillis, TimeUnit.MILLISECONDS);
        proxyToServerRequest.send(this::onComplete);
    }

    private void copyHeaders(HttpFields.Mutable proxyToServerHeaders, HttpField credential) {
        org.eclipse.jetty.server.Request clientToProxyRequest = exchange.clientToProxyRequest();
        HeaderHygiene.towardsUpstream(clientToProxyRequest.getHeaders(), proxyToServerHeaders,
                org.eclipse.jetty.server.Request.getRemoteAddr(clientToProxyRequest),
                clientToProxyRequest.getHttpURI().getScheme(), clientToProxyRequest.getHttpURI().getAuthority());
        if (session != null && session.hasUpstreamSession()) {
            proxyToServerHeaders.put(McpHeaders.SESSION_ID, session.upstreamSessionId());
        }
        exchange.applyUpstreamEdits(proxyToServerHeaders);
        if (credential != null) {
            proxyToServerHeaders.put(credential);
        }
    }

    private void onFirstByte(Response serverToProxyResponse) {
        cancelTimeout();
        timer.open(Stage.STREAM);
    }

    private void onHeaders(Response serverToProxyResponse) {
        int status = serverToProxyResponse.getStatus();
        if (status == 404 && session != null) {
            // The upstream lost the session (restart, expiry): answer 404 so the client re-initializes.
            sessionLost = true;
            context.sessions().terminate(exchange.sessionId());
            return;
        }
        org.eclipse.jetty.server.Response proxyToClientResponse = exchange.proxyToClientResponse();
        proxyToClientResponse.setStatus(status);
        HttpFields.Mutable proxyToClientHeaders = proxyToClientResponse.getHeaders();
        HeaderHygiene.towardsClient(serverToProxyResponse.getHeaders(), proxyToClientHeaders);
        exchange.addAdmissionHeaders(proxyToClientHeaders);
        if (opensSession && status / 100 == 2) {
            String upstreamSessionId = serverToProxyResponse.getHeaders().get(McpHeaders.SESSION_ID);
            proxyToClientHeaders.put(McpHeaders.SESSION_ID,
                    context.sessions().issue(upstream.name(), upstreamSessionId, exchange.principalHash()));
        }
        if (session != null && status / 100 == 2
                && org.eclipse.jetty.http.HttpMethod.DELETE.is(exchange.clientToProxyRequest().getMethod())) {
            context.sessions().terminate(exchange.sessionId());
        }
        String contentType = serverToProxyResponse.getHeaders().get(HttpHeader.CONTENT_TYPE);
        eventStream = contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
        if (status / 100 == 2 && exchange.envelope() != null) {
            listFilter = ListResultFilter.forMethod(exchange.envelope().method(), exchange.listFilter());
            if (listFilter != null) {
                // Filtering changes the length: the body goes out chunked (or as a stream of events).
                proxyToClientHeaders.remove(HttpHeader.CONTENT_LENGTH);
            }
        }
        if (eventStream) {
            // Tell buffering intermediaries (nginx and alike) to pass events through as they come.
            proxyToClientHeaders.put("X-Accel-Buffering", "no");
            // An event stream may stay silent for long (a GET stream between events): send the
            // headers now, so the client knows its stream is open before the first event.
            headerFlush.set(FLUSHING);
            proxyToClientResponse.write(false, BufferUtil.EMPTY_BUFFER,
                    Callback.from(InvocationType.NON_BLOCKING, this::onHeadersFlushed, this::onHeaderFlushFailure));
        }
    }

    private void onHeadersFlushed() {
        Object waiting = headerFlush.getAndSet(FLUSHED);
        if (waiting instanceof Content.Source serverToProxyContent) {
            pump(serverToProxyContent);
        }
    }

    private void onHeaderFlushFailure(Throwable failure) {
        Object waiting = headerFlush.getAndSet(FLUSHED);
        if (waiting instanceof Content.Source serverToProxyContent) {
            serverToProxyContent.fail(failure);
        }
        onStreamFailure(failure);
    }

    private void onContent(Response serverToProxyResponse, Content.Source serverToProxyContent) {
        streaming = true;
        if (sessionLost) {
            Content.Source.consumeAll(serverToProxyContent,
                    Callback.from(InvocationType.NON_BLOCKING, this::answerSessionLost, x -> answerSessionLost()));
            return;
        }
        // Writes must not overlap: if the header flush is still under way, the pump starts when it ends.
        if (!headerFlush.compareAndSet(FLUSHING, serverToProxyContent)) {
            pump(serverToProxyContent);
        }
    }

    private void pump(Content.Source serverToProxyContent) {
        java.util.function.Consumer<Throwable> done = failure -> {
            if (failure == null) {
                exchange.complete(null);
            } else {
                onStreamFailure(failure);
            }
        };
        ListResultFilter filter = listFilter;
        if (filter != null) {
            new FilteringPump(serverToProxyContent, exchange.proxyToClientResponse(), timer, filter, eventStream,
                    MAX_FILTERED_BYTES, done).iterate();
        } else {
            new ResponsePump(serverToProxyContent, exchange.proxyToClientResponse(), timer, done).iterate();
        }
    }

    private void answerSessionLost() {
        exchange.reject(Rejection.sessionNotFound("the upstream no longer knows this session; initialize a new one"));
    }

    private void onStreamFailure(Throwable failure) {
        if (exchange.proxyToClientResponse().isCommitted()) {
            LOG.warn("S2P #{} stream from upstream '{}' broke after the response started; aborting the client stream: {}",
                    timer.id(), upstream.name(), failure.toString());
        }
        exchange.reject(Rejection.of(502, JsonRpcError.UPSTREAM_UNAVAILABLE,
                "upstream '" + upstream.name() + "' failed mid-response: " + describe(failure)));
    }

    private void onComplete(Result result) {
        cancelTimeout();
        if (result.isFailed()) {
            if (streaming) {
                return;
            }
            Throwable failure = result.getFailure();
            LOG.debug("P2S #{} to '{}' failed", timer.id(), upstream.name(), failure);
            exchange.reject(failure instanceof TimeoutException
                    ? Rejection.of(504, JsonRpcError.UPSTREAM_TIMEOUT, "upstream '" + upstream.name() + "' timed out: " + failure.getMessage())
                    : Rejection.of(502, JsonRpcError.UPSTREAM_UNAVAILABLE, "upstream '" + upstream.name() + "' failed: " + describe(failure)));
            return;
        }
        if (sessionLost && !streaming) {
            answerSessionLost();
        } else if (!streaming) {
            // No body at all (202, 204): end the response the same way, after any header flush.
            onContent(null, Content.Source.from(BufferUtil.EMPTY_BUFFER));
        }
    }

    private void cancelTimeout() {
        Scheduler.Task task = firstByteTimeout;
        if (task != null) {
            task.cancel();
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
