package io.shadowcat.proxy;

import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.Stage;
import io.shadowcat.protocol.McpHeaders;
import io.shadowcat.session.SessionToken;
import io.shadowcat.upstream.FailureKind;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.UpstreamLease;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream leg of one exchange: sends the proxy-to-server request through the upstream's own
 * connection pool and streams the server-to-proxy response to the client chunk by chunk, with
 * back-pressure (the next chunk is read only when the previous write has completed), so an SSE event
 * reaches the client as soon as the upstream sends it. Event streams get keep-alive comments while the
 * upstream is silent.
 *
 * <p>Timeouts: a JSON response must be complete within the response timeout; an event stream must
 * start within it and is then bounded only by the idle timeout. Failures before the response has
 * started become 502 (refused, reset, 5xx is passed through as it is), 503 (pool queue full) or 504
 * (timed out) with a JSON-RPC error; after that the client's response is aborted, never patched with an
 * error. A connection that could not be opened (nothing was sent) is retried on another upstream for a
 * session-less request or an {@code initialize}, if the retry budget allows. Every attempt's outcome
 * ends its {@link UpstreamLease} exactly once. If the client goes away first, the upstream request is
 * aborted.
 *
 * <p>Large because the whole upstream leg (timeouts, retries, keep-alives, outcome accounting) must be
 * read together to see that each path ends the exchange and the lease exactly once. Confined to one
 * exchange; its callbacks run on several threads, each step happening-before the next.
 */
final class UpstreamCall implements CallTimeouts.Watched {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamCall.class);
    private static final Object FLUSHING = new Object();
    private static final Object FLUSHED = new Object();

    private final ProxyExchange exchange;
    private final ProxyContext context;
    private final UpstreamLease lease;
    private final Upstream upstream;
    private final SessionToken session;
    private final boolean opensSession;
    private final boolean retryable;
    private final List<Upstream> tried;
    private final ByteBuffer body;
    private final ExchangeTimer timer;
    private Request proxyToServerRequest;
    /** When the response timeout fires ({@link System#nanoTime()}), or {@link Long#MAX_VALUE}: none, or no longer. */
    private volatile long responseDeadline = Long.MAX_VALUE;
    /** When a request still waiting for a pooled connection is refused, or {@link Long#MAX_VALUE}. */
    private volatile long queueDeadline = Long.MAX_VALUE;
    private volatile boolean requestBegun;
    /** When the request was handed to the pool (it then waits for a connection). */
    private volatile long askedAt;
    private volatile long sentAt;
    private volatile long latencyNanos;
    /** The upstream's status, set with its headers. */
    private volatile int upstreamStatus;
    private volatile boolean streaming;
    private volatile boolean sessionLost;
    private volatile boolean clientGone;
    private volatile SseKeepAlive eventStream;
    /** Whether the response is an event stream (set with its headers). */
    private volatile boolean eventStreamResponse;
    /** The list filter for this response, or {@code null} when it passes through untouched. */
    private volatile ListResultFilter listFilter;
    /** null (no header flush), {@link #FLUSHING}, {@link #FLUSHED}, or the content source waiting for the flush. */
    private final AtomicReference<Object> headerFlush = new AtomicReference<>();

    /**
     * @param retryable whether a connect failure may be retried on another upstream
     * @param tried     upstreams that already failed to connect for this exchange
     */
    UpstreamCall(ProxyExchange exchange, ProxyContext context, UpstreamLease lease, SessionToken session,
                 boolean opensSession, boolean retryable, List<Upstream> tried, ByteBuffer body) {
        this.exchange = exchange;
        this.context = context;
        this.lease = lease;
        this.upstream = lease.upstream();
        this.session = session;
        this.opensSession = opensSession;
        this.retryable = retryable;
        this.tried = tried;
        this.body = body;
        this.timer = exchange.timer();
    }

    void send() {
        URI endpoint = upstream.endpoint();
        if (endpoint == null) {
            lease.ignore();
            exchange.reject(UpstreamFailures.notStarted(upstream));
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
                lease.ignore();
                exchange.reject(UpstreamFailures.noCredential(upstream));
            } else {
                send(endpoint, field);
            }
        });
    }

    private void send(URI endpoint, HttpField credential) {
        org.eclipse.jetty.server.Request clientToProxyRequest = exchange.clientToProxyRequest();
        proxyToServerRequest = upstream.client().newRequest(endpoint)
                .method(clientToProxyRequest.getMethod())
                .idleTimeout(context.settings().idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> copyHeaders(headers, endpoint, credential))
                .onRequestBegin(this::onRequestBegin)
                .onResponseBegin(this::onFirstByte)
                .onResponseHeaders(this::onHeaders)
                .onResponseContentSource(this::onContent);
        if (body != null) {
            proxyToServerRequest.body(new ByteBufferRequestContent("application/json", body.duplicate()));
        }
        timer.open(Stage.CONNECT);
        long timeoutMillis = context.settings().responseTimeout().toMillis();
        Request request = proxyToServerRequest;
        askedAt = System.nanoTime();
        responseDeadline = askedAt + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long queueMillis = UpstreamFailures.queueWaitMillis(context.settings(), upstream);
        if (queueMillis > 0 && queueMillis < timeoutMillis) {
            // Load shedding: a request still waiting for a pooled connection after this is refused (503),
            // instead of queueing until the client gives up.
            queueDeadline = askedAt + TimeUnit.MILLISECONDS.toNanos(queueMillis);
        }
        context.timeouts().add(this);
        // The client's connection is idle while the upstream works: the proxy's own timeouts bound the
        // exchange, not the connector's idle timeout (nor its shorter one during a graceful shutdown).
        clientToProxyRequest.addIdleTimeoutListener(timeout -> false);
        // A client that goes away while the upstream works: stop the upstream request too.
        clientToProxyRequest.addFailureListener(failure -> {
            clientGone = true;
            request.abort(failure);
        });
        upstream.send(request, this::onComplete);
    }

    private void copyHeaders(HttpFields.Mutable proxyToServerHeaders, URI endpoint, HttpField credential) {
        org.eclipse.jetty.server.Request clientToProxyRequest = exchange.clientToProxyRequest();
        HttpField host = upstream.hostField(endpoint);
        if (host != null) {
            proxyToServerHeaders.put(host);
        }
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

    @Override
    public long getExpireNanoTime() {
        return Math.min(responseDeadline, queueDeadline);
    }

    /**
     * Called by {@link CallTimeouts} once a deadline has passed (maybe again, or on two threads at once:
     * aborting twice is harmless). A timeout only hands the abort to the pool: aborting answers the client
     * (503/504), and done on the scheduler's one thread, a wave of them (load shedding) would make every
     * other timeout fire late.
     *
     * @return whether the call no longer needs watching
     */
    @Override
    public boolean expire() {
        long now = System.nanoTime();
        Request request = proxyToServerRequest;
        Executor executor = upstream.client().getExecutor();
        long queue = queueDeadline;
        if (queue != Long.MAX_VALUE && now - queue >= 0) {
            queueDeadline = Long.MAX_VALUE;
            if (!requestBegun) {
                long waited = TimeUnit.NANOSECONDS.toMillis(queue - askedAt);
                abortOn(executor, () -> request.abort(new QueueTimeout("no connection to upstream '"
                        + upstream.name() + "' free within " + waited + " ms")));
                return true;
            }
        }
        long response = responseDeadline;
        if (response != Long.MAX_VALUE && now - response >= 0) {
            responseDeadline = Long.MAX_VALUE;
            long timeoutMillis = TimeUnit.NANOSECONDS.toMillis(response - askedAt);
            abortOn(executor, () -> request.abort(new ResponseTimeout("no complete response from upstream '"
                    + upstream.name() + "' within " + timeoutMillis + " ms")));
            return true;
        }
        return getExpireNanoTime() == Long.MAX_VALUE;
    }

    /** Runs {@code abort} on the pool, or right here if the pool refuses it (its queue full): never lost. */
    private static void abortOn(Executor executor, Runnable abort) {
        try {
            executor.execute(abort);
        } catch (RejectedExecutionException e) {
            abort.run();
        }
    }

    private void onRequestBegin(Request request) {
        requestBegun = true;
        cancelQueueTimeout();
        sentAt = System.nanoTime();
        upstream.poolQueue().started(sentAt - askedAt, context.settings().queueTarget().toNanos());
        timer.open(Stage.UPSTREAM);
    }

    private void onFirstByte(Response serverToProxyResponse) {
        latencyNanos = System.nanoTime() - sentAt;
        timer.open(Stage.STREAM);
    }

    private void onHeaders(Response serverToProxyResponse) {
        int status = serverToProxyResponse.getStatus();
        upstreamStatus = status;
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
        eventStreamResponse = contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
        if (status / 100 == 2 && exchange.envelope() != null) {
            listFilter = ListResultFilter.forMethod(exchange.envelope().method(), exchange.listFilter());
            if (listFilter != null) {
                // Filtering changes the length: the body goes out chunked (or as a stream of events).
                proxyToClientHeaders.remove(HttpHeader.CONTENT_LENGTH);
            }
        }
        if (eventStreamResponse) {
            // A stream may run for long: from here only the idle timeout bounds it.
            cancelTimeout();
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
        clientGone = true;
        if (waiting instanceof Content.Source serverToProxyContent) {
            serverToProxyContent.fail(failure);
        }
        lease.ignore();
        exchange.complete(failure);
    }

    private void onContent(Response serverToProxyResponse, Content.Source serverToProxyContent) {
        streaming = true;
        if (sessionLost) {
            Content.Source.consumeAll(serverToProxyContent,
                    Callback.from(InvocationType.NON_BLOCKING, this::answerSessionLost, x -> answerSessionLost()));
            return;
        }
        Content.Source toClient = serverToProxyContent;
        if (headerFlush.get() != null) {
            SseKeepAlive keepAlive = new SseKeepAlive(serverToProxyContent, upstream.client().getScheduler(),
                    context.settings().sseKeepAlive(), System::nanoTime).start();
            eventStream = keepAlive;
            if (org.eclipse.jetty.http.HttpMethod.GET.is(exchange.clientToProxyRequest().getMethod())) {
                context.streams().add(keepAlive);
            }
            toClient = keepAlive;
        }
        // Writes must not overlap: if the header flush is still under way, the pump starts when it ends.
        if (!headerFlush.compareAndSet(FLUSHING, toClient)) {
            pump(toClient);
        }
    }

    private void pump(Content.Source upstreamContent) {
        // The outcome is settled before the client sees the answer's end (onComplete comes after it).
        Content.Source serverToProxyContent = new SettlingSource(upstreamContent, this::settle);
        ResponsePump.Ended done = (failure, fromUpstream) -> {
            SseKeepAlive stream = eventStream;
            if (stream != null) {
                context.streams().remove(stream);
            }
            if (failure == null) {
                if (stream != null && stream.endedEarly()) {
                    // Ended by the proxy (shutdown): the upstream's side of the stream is dropped.
                    lease.ignore();
                    proxyToServerRequest.abort(new IllegalStateException("the proxy ended the stream"));
                }
                exchange.complete(null);
            } else {
                onStreamFailure(failure, fromUpstream);
            }
        };
        ListResultFilter filter = listFilter;
        if (filter != null) {
            new FilteringPump(serverToProxyContent, exchange.proxyToClientResponse(), timer, filter,
                    eventStreamResponse, done).iterate();
        } else {
            new ResponsePump(serverToProxyContent, exchange.proxyToClientResponse(), timer, done).iterate();
        }
    }

    private void answerSessionLost() {
        lease.success(latencyNanos);
        exchange.reject(Rejection.sessionNotFound("the upstream no longer knows this session; initialize a new one"));
    }

    private void onStreamFailure(Throwable failure, boolean fromUpstream) {
        if (fromUpstream && !clientGone) {
            lease.failure(kindOf(failure), UpstreamFailures.describe(failure));
            if (exchange.proxyToClientResponse().isCommitted()) {
                LOG.warn("S2P #{} stream from upstream '{}' broke after the response started; aborting the client stream: {}",
                        timer.id(), upstream.name(), failure.toString());
            }
        } else {
            lease.ignore();
        }
        exchange.reject(Rejection.of(502, JsonRpcError.UPSTREAM_UNAVAILABLE,
                "upstream '" + upstream.name() + "' failed mid-response: " + UpstreamFailures.describe(failure)));
    }

    private void onComplete(Result result) {
        cancelTimeout();
        if (result.isFailed()) {
            if (streaming) {
                return;
            }
            Throwable failure = result.getFailure();
            if (clientGone) {
                LOG.debug("P2S #{} to '{}' abandoned: the client went away", timer.id(), upstream.name());
                lease.ignore();
                exchange.complete(failure);
                return;
            }
            FailureKind kind = kindOf(failure);
            LOG.debug("P2S #{} to '{}' failed ({})", timer.id(), upstream.name(), kind.label(), failure);
            lease.failure(kind, UpstreamFailures.describe(failure));
            if (kind == FailureKind.CONNECT && !requestBegun && retryable && retry()) {
                return;
            }
            exchange.reject(UpstreamFailures.rejection(kind, upstream, failure));
            return;
        }
        settle(result.getResponse().getStatus());
        if (sessionLost && !streaming) {
            answerSessionLost();
        } else if (!streaming) {
            // No body at all (202, 204): end the response the same way, after any header flush.
            onContent(null, Content.Source.from(BufferUtil.EMPTY_BUFFER));
        }
    }

    /** The upstream answered in full: its outcome, by status (a second call is ignored by the lease). */
    private void settle() {
        settle(upstreamStatus);
    }

    private void settle(int status) {
        if (status >= 500) {
            lease.failure(FailureKind.STATUS_5XX, "answered " + status);
        } else {
            lease.success(latencyNanos);
        }
    }

    /** Sends the request to another upstream, if there is one and the retry budget allows. */
    private boolean retry() {
        List<Upstream> failed = new ArrayList<>(tried);
        failed.add(upstream);
        Optional<UpstreamLease> next = UpstreamFailures.retryTarget(context, timer, upstream, failed);
        if (next.isEmpty()) {
            return false;
        }
        new UpstreamCall(exchange, context, next.get(), session, opensSession, true, failed, body).send();
        return true;
    }

    private void cancelTimeout() {
        responseDeadline = Long.MAX_VALUE;
        queueDeadline = Long.MAX_VALUE;
        context.timeouts().remove(this);
    }

    private void cancelQueueTimeout() {
        queueDeadline = Long.MAX_VALUE;
    }

    static FailureKind kindOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ResponseTimeout) {
                return FailureKind.TIMEOUT;
            }
            if (cause instanceof TimeoutException) {
                return FailureKind.IDLE;
            }
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException
                    || cause instanceof UnresolvedAddressException) {
                return FailureKind.CONNECT;
            }
            if (cause instanceof RejectedExecutionException) {
                return FailureKind.POOL_FULL;
            }
        }
        return FailureKind.RESET;
    }

    /** Waited too long for a pooled connection: shed like a full queue. */
    private static final class QueueTimeout extends RejectedExecutionException {
        QueueTimeout(String message) {
            super(message);
        }
    }

    /** The response timeout, as opposed to an idle timeout. */
    private static final class ResponseTimeout extends TimeoutException {
        ResponseTimeout(String message) {
            super(message);
        }
    }
}
