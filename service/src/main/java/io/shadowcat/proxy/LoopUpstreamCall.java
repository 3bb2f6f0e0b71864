package io.shadowcat.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.Stage;
import io.shadowcat.protocol.McpHeaders;
import io.shadowcat.session.SessionToken;
import io.shadowcat.upstream.FailureKind;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.UpstreamLease;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream leg of a {@link LoopExchange}, on its event loop and a connection of that loop's {@link LoopPool}:
 * the same contract as {@link UpstreamCall} on Jetty. The response streams to the client as it arrives, with
 * back-pressure (the upstream's reads stop while the client's connection cannot take more); an event stream gets
 * keep-alive comments between events while the upstream is silent. A JSON response must be complete within the
 * response timeout, an event stream must start within it and ends when the upstream is silent for the idle timeout;
 * a request still waiting for a connection after the
 * queue timeout is refused (503). Failures before the response has started become 502, 503 or 504 with a JSON-RPC
 * error, after it the client's connection is closed. The lease ends exactly once; if the client goes away first,
 * the upstream connection is closed. A call that opens a session ({@code initialize}) gives the client the proxy's
 * sealed session id for the upstream's; one free to go to any upstream is tried on another when its connection is
 * refused, as far as the retry budget allows. Confined to the loop.
 */
final class LoopUpstreamCall implements OpenStreams.Stream, CallTimeouts.Watched {
    private static final Logger LOG = LoggerFactory.getLogger(LoopUpstreamCall.class);
    /** Headers made here from ones the decoders validated: no second validation. */
    static final DefaultHttpHeadersFactory TRUSTED = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidation(false).withValueValidation(false);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final LoopExchange exchange;
    private final ProxyContext context;
    private final UpstreamLease lease;
    private final Upstream upstream;
    private final SessionToken session;
    private final ByteBuffer body;
    private final boolean opensSession;
    /** Whether a refused connection may be retried on another upstream (the request is not pinned to this one). */
    private final boolean retryable;
    /** The upstreams that refused this request's connection before this one. */
    private final List<Upstream> tried;
    private final ExchangeTimer timer;
    private final Channel client;
    private final EventLoop loop;
    private LoopPool pool;
    /** The request to send, from when it is made until a connection takes it. */
    private FullHttpRequest request;
    private Channel connection;
    private CallTimeouts<LoopUpstreamCall> timeouts;
    /** When the response must have ended ({@code System.nanoTime()}); {@code Long.MAX_VALUE} when not watched. */
    private long responseDeadline = Long.MAX_VALUE;
    /** When a call still waiting in its pool's queue is refused; {@code Long.MAX_VALUE} when it does not wait. */
    private long queueDeadline = Long.MAX_VALUE;
    private ScheduledFuture<?> keepAlive;
    private long askedAt;
    private long sentAt;
    private long latencyNanos;
    private int status;
    private boolean keepConnection;
    private boolean sessionLost;
    private boolean eventStream;
    /** Whether the event stream's bytes so far end at an event boundary (a blank line). */
    private boolean atBoundary = true;
    private byte lastByte;
    /** Whether this is a standalone (GET) stream, tracked with the open streams until the exchange ends. */
    private boolean tracked;
    /** A shutdown asked the (standalone) stream to end at its next event boundary. */
    private boolean ending;
    private long lastWrite;
    /** When the upstream last sent bytes of the event stream. */
    private long lastRead;
    private boolean unflushed;
    private boolean done;
    /** A list response's body on its way through the policy's filter; null for every other response. */
    private ListBody listBody;
    /**
     * The response head, not yet written: it goes with the body's first part (a small body then shares its buffer, one
     * write for both), or, for a JSON list, with the filtered body once its length is known. Until then a failure is
     * still answered with an error carrying the request's id.
     */
    private HttpResponse unsentHead;

    LoopUpstreamCall(LoopExchange exchange, ProxyContext context, UpstreamLease lease, SessionToken session,
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
        this.client = exchange.client();
        this.loop = client.eventLoop();
    }

    void send() {
        URI endpoint = upstream.endpoint();
        if (endpoint == null) {
            done = true;
            lease.ignore();
            exchange.reject(UpstreamFailures.notStarted(upstream));
            return;
        }
        CompletableFuture<HttpField> credential = upstream.credential().header();
        if (credential.isDone() && !credential.isCompletedExceptionally()) {
            send(endpoint, credential.getNow(null));
            return;
        }
        credential.whenComplete((field, failure) -> loop.execute(() -> {
            if (done) {
                return;
            }
            if (failure != null) {
                LOG.warn("P2S #{} no credential for upstream '{}': {}", timer.id(), upstream.name(), failure.toString());
                done = true;
                lease.ignore();
                exchange.reject(UpstreamFailures.noCredential(upstream));
            } else {
                send(endpoint, field);
            }
        }));
    }

    private void send(URI endpoint, HttpField credential) {
        if (done) {
            return;
        }
        String target = endpoint.getRawQuery() == null ? endpoint.getRawPath()
                : endpoint.getRawPath() + "?" + endpoint.getRawQuery();
        // Headers already validated by the decoder, or made here: not validated again. A request with a known length
        // carries no trailers: none are made for it.
        // A POST carries its message; a GET (a standalone event stream) or DELETE (the session's end) nothing.
        request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, exchange.request().method(), target,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body.duplicate()), TRUSTED.newHeaders(),
                EmptyHttpHeaders.INSTANCE);
        HttpHeaders headers = request.headers();
        HttpField host = upstream.hostField(endpoint);
        if (host != null) {
            headers.set(host.getName(), host.getValue());
        }
        HeaderHygiene.towardsUpstream(exchange.nettyHeaders(), headers, exchange.clientAddress(), "http",
                exchange.nettyHeaders().get(HttpHeaderNames.HOST));
        if (session != null && session.hasUpstreamSession()) {
            headers.set(McpHeaders.SESSION_ID, session.upstreamSessionId());
        }
        if (exchange.editsUpstreamHeaders()) {
            HttpFields.Mutable edited = LoopExchange.fields(headers);
            exchange.applyUpstreamEdits(edited);
            headers.clear();
            LoopExchange.copy(edited, headers);
        }
        if (credential != null) {
            headers.set(credential.getName(), credential.getValue());
        }
        if (body != null) {
            LoopExchange.contentLength(request, body.remaining());
        }
        timer.open(Stage.CONNECT);
        askedAt = System.nanoTime();
        ProxySettings settings = context.settings();
        long timeoutNanos = settings.responseTimeout().toNanos();
        responseDeadline = askedAt + timeoutNanos;
        timeouts = CallTimeouts.onLoop(loop);
        timeouts.add(this);
        long queueNanos = TimeUnit.MILLISECONDS.toNanos(UpstreamFailures.queueWaitMillis(settings, upstream));
        pool = LoopPool.of(upstream, loop, exchange.plane());
        if (!pool.acquire(this) && queueNanos > 0 && queueNanos < timeoutNanos) {
            queueDeadline = askedAt + queueNanos;
            timeouts.schedule(this);
        }
    }

    @Override
    public long getExpireNanoTime() {
        return Math.min(responseDeadline, queueDeadline);
    }

    /** The call fails in a task of its own, after the timeouts' scan, which must not see the watched calls change. */
    @Override
    public boolean expire() {
        long now = System.nanoTime();
        long queue = queueDeadline;
        if (queue != Long.MAX_VALUE && now - queue >= 0) {
            queueDeadline = Long.MAX_VALUE;
            if (connection == null) {
                loop.execute(() -> queueTimedOut(TimeUnit.NANOSECONDS.toMillis(queue - askedAt)));
                return true;
            }
        }
        long response = responseDeadline;
        if (response != Long.MAX_VALUE && now - response >= 0) {
            responseDeadline = Long.MAX_VALUE;
            loop.execute(() -> timedOut(TimeUnit.NANOSECONDS.toMillis(response - askedAt)));
            return true;
        }
        return getExpireNanoTime() == Long.MAX_VALUE;
    }

    /** The pool's connection for this call: the request goes out on it. */
    void connected(Channel channel) {
        if (done) {
            pool.release(channel);
            return;
        }
        connection = channel;
        queueDeadline = Long.MAX_VALUE;
        LoopPool.assign(channel, this);
        sentAt = System.nanoTime();
        upstream.poolQueue().started(sentAt - askedAt, context.settings().queueTarget().toNanos());
        timer.open(Stage.UPSTREAM);
        channel.config().setAutoRead(client.isWritable());
        FullHttpRequest sending = request;
        request = null;
        channel.writeAndFlush(sending).addListener(written -> {
            if (!written.isSuccess()) {
                connectionLost(written.cause());
            }
        });
    }

    void connectFailed(Throwable cause) {
        if (done) {
            return;
        }
        if (retryable) {
            // Nothing of the request went out: another upstream may take it.
            List<Upstream> failed = new ArrayList<>(tried);
            failed.add(upstream);
            Optional<UpstreamLease> next = UpstreamFailures.retryTarget(context, timer, upstream, failed);
            if (next.isPresent()) {
                done = true;
                release(false);
                lease.failure(FailureKind.CONNECT, UpstreamFailures.describe(cause));
                exchange.retryWith(new LoopUpstreamCall(exchange, context, next.get(), session, opensSession, true, failed,
                        body));
                return;
            }
        }
        fail(FailureKind.CONNECT, cause);
    }

    /** The call waited {@code waited} ms (the queue timeout) for a connection in vain. */
    private void queueTimedOut(long waited) {
        if (done || connection != null) {
            return;
        }
        pool.cancel(this);
        fail(FailureKind.POOL_FULL, new IllegalStateException("no connection to upstream '" + upstream.name()
                + "' free within " + waited + " ms"));
    }

    /** The response has not ended within {@code waited} ms (the response timeout). */
    private void timedOut(long waited) {
        if (done) {
            return;
        }
        if (connection == null) {
            pool.cancel(this);
        }
        fail(FailureKind.TIMEOUT, new IllegalStateException("no complete response from upstream '" + upstream.name()
                + "' within " + waited + " ms"));
    }

    /** The connection closed or failed before the response ended. */
    void connectionLost(Throwable cause) {
        if (done) {
            return;
        }
        fail(FailureKind.RESET, cause == null ? new IllegalStateException("connection closed") : cause);
    }

    private void fail(FailureKind kind, Throwable cause) {
        done = true;
        release(false);
        lease.failure(kind, UpstreamFailures.describe(cause));
        LOG.debug("P2S #{} to '{}' failed ({})", timer.id(), upstream.name(), kind.label(), cause);
        if (exchange.responseStarted()) {
            LOG.warn("S2P #{} stream from upstream '{}' broke after the response started; closing the client's connection: {}",
                    timer.id(), upstream.name(), UpstreamFailures.describe(cause));
        }
        exchange.reject(UpstreamFailures.rejection(kind, upstream, cause));
    }

    /** The client went away: the upstream connection is closed, the lease ignored. */
    void abandon() {
        if (done) {
            return;
        }
        done = true;
        LOG.debug("P2S #{} to '{}' abandoned: the client went away", timer.id(), upstream.name());
        if (connection == null && pool != null) {
            pool.cancel(this);
        }
        release(false);
        lease.ignore();
    }

    /** From any thread: the stream ends at its next event boundary (at once when it is at one). */
    @Override
    public void endSoon() {
        loop.execute(() -> {
            if (done) {
                return;
            }
            ending = true;
            if (atBoundary) {
                endStream();
            }
        });
    }

    /** The exchange has ended: a standalone stream is no longer open. */
    void exchangeEnded() {
        if (tracked) {
            context.streams().remove(this);
        }
    }

    /** Ends the client's stream cleanly, by the proxy's choice: the upstream's side of it is dropped. */
    private void endStream() {
        done = true;
        release(false);
        lease.ignore();
        unflushed = false;
        client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(written -> exchange.complete(written.cause()));
    }

    /** Ends the call's use of its connection (given back to the pool, or closed) and its timers. */
    private void release(boolean reuse) {
        if (timeouts != null) {
            timeouts.remove(this);
        }
        cancel(keepAlive);
        Channel used = connection;
        if (used != null) {
            LoopPool.assign(used, null);
            if (reuse) {
                used.config().setAutoRead(true);
                pool.release(used);
            } else {
                used.close();
            }
        }
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    void received(HttpObject message) {
        if (done) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message.decoderResult().isFailure()) {
            ReferenceCountUtil.release(message);
            connectionLost(message.decoderResult().cause());
            return;
        }
        if (message instanceof HttpResponse response) {
            if (response.status().code() / 100 == 1) {
                // An interim answer (100 Continue): the final one follows.
                ReferenceCountUtil.release(message);
                status = -1;
                return;
            }
            respond(response);
        }
        if (message instanceof HttpContent content) {
            if (status == -1) {
                content.release();
                status = 0;
                return;
            }
            content(content);
        }
    }

    private void respond(HttpResponse fromUpstream) {
        latencyNanos = System.nanoTime() - sentAt;
        timer.open(Stage.STREAM);
        status = fromUpstream.status().code();
        keepConnection = HttpUtil.isKeepAlive(fromUpstream);
        if (status == 404 && session != null) {
            // The upstream lost the session (restart, expiry): answer 404 so the client re-initializes.
            sessionLost = true;
            context.sessions().terminate(exchange.sessionId());
            return;
        }
        // The upstream's response head goes on to the client, less what may not cross.
        HttpResponse toClient = fromUpstream;
        toClient.setProtocolVersion(HttpVersion.HTTP_1_1);
        boolean lengthKnown = HttpUtil.isContentLengthSet(toClient);
        String contentType = fromUpstream.headers().get(HttpHeaderNames.CONTENT_TYPE);
        eventStream = contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
        boolean success = status / 100 == 2;
        if (success && exchange.envelope() != null) {
            ListResultFilter filter = ListResultFilter.forMethod(exchange.envelope().method(), exchange.listFilter());
            if (filter != null) {
                // Filtering changes the length: the body goes out chunked (or as a stream of events).
                listBody = new ListBody(filter, eventStream);
                toClient.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
                lengthKnown = false;
            }
        }
        if (session != null && success && exchange.request().method() == HttpMethod.DELETE) {
            context.sessions().terminate(exchange.sessionId());
        }
        String upstreamSessionId = opensSession && success ? toClient.headers().get(McpHeaders.SESSION_ID) : null;
        HeaderHygiene.towardsClient(toClient.headers());
        if (opensSession && success) {
            // The upstream's id stays behind (removed above); the client gets the proxy's sealed one.
            toClient.headers().set(McpHeaders.SESSION_ID,
                    context.sessions().issue(upstream.name(), upstreamSessionId, exchange.principalHash()));
        }
        for (HttpField header : exchange.admissionHeaders()) {
            toClient.headers().set(header.getName(), header.getValue());
        }
        if (!lengthKnown && (listBody == null || eventStream)) {
            // (A JSON list is gathered whole: its length is known once it has been filtered.)
            LoopExchange.chunked(toClient);
        }
        if (!eventStream) {
            unsentHead = toClient;
            return;
        }
        exchange.respondWith(status, toClient);
        // A stream may run for long: from here only the connection's own closing ends it.
        responseDeadline = Long.MAX_VALUE;
        timeouts.remove(this);
        toClient.headers().set("X-Accel-Buffering", "no");
        client.writeAndFlush(toClient, client.voidPromise());
        lastWrite = System.nanoTime();
        lastRead = lastWrite;
        long keepAliveNanos = context.settings().sseKeepAlive().toNanos();
        long idleNanos = context.settings().idleTimeout().toNanos();
        long tick = keepAliveNanos > 0 ? Math.min(keepAliveNanos, idleNanos) : idleNanos;
        keepAlive = loop.scheduleAtFixedRate(() -> tick(keepAliveNanos, idleNanos), tick, tick, TimeUnit.NANOSECONDS);
        if (exchange.request().method() == HttpMethod.GET) {
            // A standalone stream carries no pending request: a shutdown ends it at an event boundary.
            tracked = true;
            context.streams().add(this);
        }
    }

    private void content(HttpContent content) {
        ByteBuf bytes = content.content();
        int length = bytes.readableBytes();
        boolean last = content instanceof LastHttpContent;
        if (sessionLost) {
            content.release();
            if (last) {
                done = true;
                release(keepConnection);
                lease.success(latencyNanos);
                exchange.reject(Rejection.sessionNotFound("the upstream no longer knows this session; initialize a new one"));
            }
            return;
        }
        if (length > 0 && eventStream) {
            byte end = bytes.getByte(bytes.writerIndex() - 1);
            byte before = length > 1 ? bytes.getByte(bytes.writerIndex() - 2) : lastByte;
            atBoundary = end == '\n' && before == '\n';
            lastByte = end;
            lastWrite = System.nanoTime();
            lastRead = lastWrite;
        }
        if (listBody != null) {
            content = filtered(content, last);
            if (content == null) {
                return;
            }
            length = content.content().readableBytes();
        }
        if (length > 0) {
            timer.addBytesOut(length);
        }
        if (!last) {
            writeHead();
            client.write(content, client.voidPromise());
            unflushed = true;
            if (ending && atBoundary) {
                endStream();
            }
            return;
        }
        done = true;
        settle();
        release(keepConnection);
        unflushed = false;
        HttpResponse head = unsentHead;
        HttpObject end = content;
        if (head != null) {
            unsentHead = null;
            if (listBody != null) {
                LoopExchange.contentLength(head, length);
            }
            exchange.respondWith(status, head);
            end = new DefaultFullHttpResponse(head.protocolVersion(), head.status(), content.content(), head.headers(),
                    ((LastHttpContent) content).trailingHeaders());
        }
        client.writeAndFlush(end).addListener(written -> exchange.complete(written.cause()));
    }

    /** Writes the response head if it has not gone yet (the body's parts follow it). */
    private void writeHead() {
        HttpResponse head = unsentHead;
        if (head != null) {
            unsentHead = null;
            exchange.respondWith(status, head);
            client.write(head, client.voidPromise());
        }
    }

    /**
     * The list body's next part through the policy's filter, or {@code null} when nothing can go yet (or the list is
     * too large to filter: the client then has a 502, as on the Jetty data plane, logged there once, or, for an event
     * stream already under way, the end of the stream).
     */
    private HttpContent filtered(HttpContent content, boolean last) {
        byte[] bytes = ByteBufUtil.getBytes(content.content());
        content.release();
        byte[] out;
        try {
            out = listBody.next(bytes, last);
        } catch (IOException e) {
            // Not the upstream's failure: it does not count against it.
            done = true;
            release(false);
            lease.ignore();
            exchange.reject(Rejection.of(502, JsonRpcError.UPSTREAM_UNAVAILABLE,
                    "upstream '" + upstream.name() + "' failed mid-response: " + e.getMessage()));
            return null;
        }
        ByteBuf filtered = out == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(out);
        if (last) {
            return new DefaultLastHttpContent(filtered);
        }
        return out == null || out.length == 0 ? null : new DefaultHttpContent(filtered);
    }

    /** The upstream answered in full: its outcome, by status. */
    private void settle() {
        if (status >= 500) {
            lease.failure(FailureKind.STATUS_5XX, "answered " + status);
        } else {
            lease.success(latencyNanos);
        }
    }

    /**
     * An event stream's timer: ends it when the upstream has been silent for the idle timeout, else sends the
     * client a keep-alive comment between events when nothing has gone to it for the keep-alive interval (0: none).
     */
    private void tick(long keepAliveNanos, long idleNanos) {
        if (done) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastRead >= idleNanos) {
            fail(FailureKind.IDLE, new IllegalStateException("upstream '" + upstream.name() + "' silent for "
                    + TimeUnit.NANOSECONDS.toMillis(now - lastRead) + " ms"));
            return;
        }
        if (keepAliveNanos > 0 && atBoundary && now - lastWrite >= keepAliveNanos) {
            lastWrite = now;
            client.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(KEEP_ALIVE)), client.voidPromise());
        }
    }

    void flushToClient() {
        if (unflushed) {
            unflushed = false;
            client.flush();
        }
    }

    void clientWritable(boolean writable) {
        Channel used = connection;
        if (used != null && !done) {
            used.config().setAutoRead(writable);
        }
    }
}
