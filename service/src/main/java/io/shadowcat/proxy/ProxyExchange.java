package io.shadowcat.proxy;

import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.jsonrpc.MalformedMessageException;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.Stage;
import io.shadowcat.protocol.McpHeaders;
import io.shadowcat.protocol.ProtocolVersion;
import io.shadowcat.session.SessionToken;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.UpstreamLease;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request through the proxy, from the client's side: transport checks, the body, the
 * envelope, the admission stages, the route, and the one place where refusals become HTTP
 * responses. The upstream leg is {@link UpstreamCall}.
 *
 * <p>Large because it is the edge: every status of the Streamable HTTP transport is decided here, in
 * the order the spec implies, so the order itself can be read in one place. Confined to one exchange;
 * its steps run on several threads but each happens-before the next. Completion is guarded so the
 * client's callback completes exactly once.
 */
final class ProxyExchange implements BoundedBody.Sink {
    /** Principal hash of unauthenticated requests; sessions bind to it until auth is configured. */
    static final long ANONYMOUS = 0L;

    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);
    private static final String ALLOW = "GET, POST, DELETE";
    /** The admission stages after auth, in the order {@link ProxyContext#admission()} returns their checks. */
    private static final Stage[] ADMISSION_STAGES = {Stage.RATELIMIT, Stage.POLICY};

    private final ProxyContext context;
    private final Request clientToProxyRequest;
    private final Response proxyToClientResponse;
    private final Callback callback;
    private final ExchangeTimer timer;
    private final AtomicBoolean completed = new AtomicBoolean();
    private ProtocolVersion version;
    private JsonRpcEnvelope envelope;
    private String sessionId;
    /** The authenticated principal's hash, set by the auth stage; what sessions are bound to. */
    private long principalHash = ANONYMOUS;

    ProxyExchange(ProxyContext context, Request request, Response response, Callback callback, ExchangeTimer timer) {
        this.context = context;
        this.clientToProxyRequest = request;
        this.proxyToClientResponse = response;
        this.callback = callback;
        this.timer = timer;
    }

    ExchangeTimer timer() {
        return timer;
    }

    Request clientToProxyRequest() {
        return clientToProxyRequest;
    }

    Response proxyToClientResponse() {
        return proxyToClientResponse;
    }

    /** Starts handling the request; everything after this is asynchronous. */
    void start() {
        context.metrics().started();
        timer.open(Stage.RECEIVE);
        String method = clientToProxyRequest.getMethod();
        timer.httpMethod(method);
        HttpFields headers = clientToProxyRequest.getHeaders();
        if (!context.origins().allows(headers.get(HttpHeader.ORIGIN))) {
            reject(Rejection.of(403, JsonRpcError.FORBIDDEN, "Origin " + headers.get(HttpHeader.ORIGIN) + " is not allowed"));
            return;
        }
        String versionHeader = headers.get(McpHeaders.PROTOCOL_VERSION);
        Optional<ProtocolVersion> negotiated = versionHeader == null
                ? Optional.of(ProtocolVersion.ASSUMED_WHEN_ABSENT) : ProtocolVersion.fromWire(versionHeader.trim());
        if (negotiated.isEmpty()) {
            reject(Rejection.badRequest("unsupported MCP-Protocol-Version '" + versionHeader + "'; supported: "
                    + "2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28"));
            return;
        }
        version = negotiated.get();
        timer.protocolVersion(version.wireName());
        if (HttpMethod.POST.is(method)) {
            receivePost(headers);
        } else if (HttpMethod.GET.is(method) || HttpMethod.DELETE.is(method)) {
            timer.method(method);
            receiveSessionRequest(headers, HttpMethod.GET.is(method));
        } else {
            reject(Rejection.methodNotAllowed("HTTP method " + method + " is not served by the MCP endpoint", ALLOW));
        }
    }

    private void receivePost(HttpFields headers) {
        if (!accepts(headers, "application", "json") || !accepts(headers, "text", "event-stream")) {
            reject(Rejection.of(406, JsonRpcError.TRANSPORT_ERROR,
                    "Accept must list both application/json and text/event-stream"));
            return;
        }
        String contentType = headers.get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !"application/json".equalsIgnoreCase(MimeTypes.getContentTypeWithoutCharset(contentType).trim())) {
            reject(Rejection.of(415, JsonRpcError.TRANSPORT_ERROR,
                    "Content-Type must be application/json, not " + (contentType == null ? "absent" : contentType)));
            return;
        }
        long declared = headers.getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > context.settings().maxRequestBytes()) {
            tooLarge(context.settings().maxRequestBytes());
            return;
        }
        BoundedBody.read(clientToProxyRequest, declared, context.settings().maxRequestBytes(), this);
    }

    @Override
    public void tooLarge(long limit) {
        reject(Rejection.of(413, JsonRpcError.REQUEST_TOO_LARGE, "request body exceeds " + limit + " bytes"));
    }

    @Override
    public void failed(Throwable cause) {
        LOG.debug("C2P #{} request body failed", timer.id(), cause);
        complete(cause);
    }

    @Override
    public void body(byte[] bytes, int length) {
        timer.bytesIn(length);
        try {
            envelope = context.parser().parse(bytes, 0, length);
        } catch (MalformedMessageException e) {
            timer.method("invalid");
            reject(Rejection.of(400, e.code(), e.getMessage()), e.idJson());
            return;
        }
        timer.method(envelope.kind() == JsonRpcEnvelope.Kind.REQUEST || envelope.kind() == JsonRpcEnvelope.Kind.NOTIFICATION
                ? envelope.method() : envelope.kind() == JsonRpcEnvelope.Kind.BATCH ? "batch" : "response");
        timer.tool(envelope.name());
        Optional<Rejection> envelopeProblem = checkEnvelope(clientToProxyRequest.getHeaders());
        if (envelopeProblem.isPresent()) {
            reject(envelopeProblem.get());
            return;
        }
        timer.close(Stage.RECEIVE);
        authenticate(ByteBuffer.wrap(bytes, 0, length));
    }

    private Optional<Rejection> checkEnvelope(HttpFields headers) {
        if (envelope.kind() == JsonRpcEnvelope.Kind.BATCH && !version.batchesAllowed()) {
            return Optional.of(Rejection.badRequest("JSON-RPC batches are not allowed in protocol version " + version));
        }
        if (version.sessionBased()) {
            return Optional.empty();
        }
        if (envelope.kind() == JsonRpcEnvelope.Kind.BATCH) {
            return Optional.of(Rejection.badRequest("JSON-RPC batches are not allowed in protocol version " + version));
        }
        String methodHeader = headers.get(McpHeaders.METHOD);
        if (envelope.method() != null && !envelope.method().equals(methodHeader)) {
            return Optional.of(Rejection.badRequest(McpHeaders.METHOD + " header '" + methodHeader
                    + "' does not match the body's method '" + envelope.method() + "'"));
        }
        String nameHeader = headers.get(McpHeaders.NAME);
        if (envelope.name() != null && needsName(envelope.method()) && !envelope.name().equals(nameHeader)) {
            return Optional.of(Rejection.badRequest(McpHeaders.NAME + " header '" + nameHeader
                    + "' does not match the body's name '" + envelope.name() + "'"));
        }
        return Optional.empty();
    }

    private static boolean needsName(String method) {
        return "tools/call".equals(method) || "prompts/get".equals(method) || "resources/read".equals(method);
    }

    private void receiveSessionRequest(HttpFields headers, boolean get) {
        if (!version.sessionBased()) {
            reject(Rejection.methodNotAllowed((get ? "GET" : "DELETE") + " is not part of protocol version "
                    + version + ", which has no sessions", "POST"));
            return;
        }
        if (get && !accepts(headers, "text", "event-stream")) {
            reject(Rejection.of(406, JsonRpcError.TRANSPORT_ERROR, "GET opens an SSE stream: Accept must list text/event-stream"));
            return;
        }
        timer.close(Stage.RECEIVE);
        authenticate(null);
    }

    /** The auth stage, then (if admitted) the other admission stages and the route. */
    private void authenticate(ByteBuffer body) {
        timer.open(Stage.AUTH);
        AuthOutcome outcome;
        try {
            outcome = context.auth().authenticate(clientToProxyRequest.getHeaders(),
                    clientToProxyRequest.getHttpURI().getQuery(), Request.getRemoteAddr(clientToProxyRequest));
        } catch (RuntimeException e) {
            outcome = couldNotAuthenticate(e);
        }
        authenticated(outcome, body);
    }

    private void authenticated(AuthOutcome outcome, ByteBuffer body) {
        if (outcome instanceof AuthOutcome.Deferred deferred) {
            deferred.next().whenComplete((next, failure) ->
                    authenticated(failure == null ? next : couldNotAuthenticate(failure), body));
            return;
        }
        timer.close(Stage.AUTH);
        if (outcome instanceof AuthOutcome.Refused refused) {
            reject(refused.rejection());
            return;
        }
        principalHash = ((AuthOutcome.Admitted) outcome).principalHash();
        if (admit()) {
            route(body);
        }
    }

    private AuthOutcome couldNotAuthenticate(Throwable e) {
        LOG.error("C2P #{} auth stage could not decide", timer.id(), e);
        return new AuthOutcome.Refused(Rejection.of(500, JsonRpcError.INTERNAL_ERROR, "auth could not decide on this request"));
    }

    /** Runs the admission stages after auth in order; answers and returns false at the first refusal. */
    private boolean admit() {
        HttpFields headers = clientToProxyRequest.getHeaders();
        String client = Request.getRemoteAddr(clientToProxyRequest);
        ExchangeCheck[] checks = context.admission();
        for (int i = 0; i < checks.length; i++) {
            timer.open(ADMISSION_STAGES[i]);
            Optional<Rejection> refusal;
            try {
                refusal = checks[i].check(headers, envelope, version, client);
            } catch (RuntimeException e) {
                LOG.error("C2P #{} {} stage could not decide", timer.id(), ADMISSION_STAGES[i].wireName(), e);
                refusal = Optional.of(Rejection.of(500, JsonRpcError.INTERNAL_ERROR,
                        ADMISSION_STAGES[i].wireName() + " could not decide on this request"));
            }
            timer.close(ADMISSION_STAGES[i]);
            if (refusal.isPresent()) {
                reject(refusal.get());
                return false;
            }
        }
        return true;
    }

    private void route(ByteBuffer body) {
        timer.open(Stage.ROUTE);
        SessionToken session = null;
        boolean opensSession = envelope != null && envelope.isInitialize() && version.sessionBased();
        boolean free = !version.sessionBased() || opensSession;
        Optional<UpstreamLease> lease;
        if (free) {
            context.upstreams().retryBudget().deposit();
            lease = context.upstreams().choose(List.of());
            if (lease.isEmpty()) {
                timer.close(Stage.ROUTE);
                reject(unavailable("no upstream can take requests now: every circuit breaker is open",
                        context.upstreams().retryAfter()));
                return;
            }
        } else {
            sessionId = clientToProxyRequest.getHeaders().get(McpHeaders.SESSION_ID);
            if (sessionId == null) {
                reject(Rejection.badRequest("missing Mcp-Session-Id: send initialize first, then the session id it returned"));
                return;
            }
            Optional<SessionToken> token = context.sessions().resolve(sessionId, principalHash);
            Optional<Upstream> pinned = token.flatMap(t -> context.upstreams().named(t.upstream()));
            if (pinned.isEmpty()) {
                reject(Rejection.sessionNotFound("session not found: it is unknown, expired or terminated; initialize a new one"));
                return;
            }
            session = token.get();
            Upstream upstream = pinned.get();
            timer.upstream(upstream.name());
            lease = upstream.tryAcquire();
            if (lease.isEmpty()) {
                timer.close(Stage.ROUTE);
                reject(unavailable("upstream '" + upstream.name() + "' of this session is failing (circuit breaker open); retry later",
                        upstream.breaker().retryAfter()));
                return;
            }
        }
        timer.upstream(lease.get().upstream().name());
        timer.close(Stage.ROUTE);
        new UpstreamCall(this, context, lease.get(), session, opensSession, free, List.of(), body).send();
    }

    private static Rejection unavailable(String message, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return Rejection.of(503, JsonRpcError.UPSTREAM_UNAVAILABLE, message)
                .withHeader(new org.eclipse.jetty.http.HttpField(HttpHeader.RETRY_AFTER, Long.toString(seconds)));
    }

    /** The client's JSON-RPC request id as raw JSON, for error answers. */
    private String idJson() {
        return envelope == null ? null : envelope.idJson();
    }

    ProtocolVersion version() {
        return version;
    }

    JsonRpcEnvelope envelope() {
        return envelope;
    }

    String sessionId() {
        return sessionId;
    }

    long principalHash() {
        return principalHash;
    }

    void reject(Rejection rejection) {
        reject(rejection, idJson());
    }

    /**
     * Answers the client with {@code rejection}, or aborts the response if it has already started:
     * once bytes have gone out, an error body would corrupt the stream.
     */
    void reject(Rejection rejection, String idJson) {
        if (completed.get()) {
            return;
        }
        timer.rpcError(rejection.code());
        if (proxyToClientResponse.isCommitted()) {
            complete(new IllegalStateException(rejection.message()));
            return;
        }
        LOG.info("P2C #{} {} {}: {}", timer.id(), rejection.status(), timer.method(), rejection.message());
        proxyToClientResponse.reset();
        proxyToClientResponse.setStatus(rejection.status());
        HttpFields.Mutable headers = proxyToClientResponse.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        if (rejection.allow() != null) {
            headers.put(HttpHeader.ALLOW, rejection.allow());
        }
        for (org.eclipse.jetty.http.HttpField header : rejection.headers()) {
            headers.add(header);
        }
        byte[] body = JsonRpcError.body(idJson, rejection.code(), rejection.message());
        timer.addBytesOut(body.length);
        proxyToClientResponse.write(true, ByteBuffer.wrap(body),
                Callback.from(Invocable.InvocationType.NON_BLOCKING, () -> complete(null), this::complete));
    }

    /** Ends the exchange: exactly once, with success ({@code null}) or the failure that aborts it. */
    void complete(Throwable failure) {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        timer.status(proxyToClientResponse.getStatus());
        timer.finish();
        context.metrics().finished(timer);
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
    }

    private static boolean accepts(HttpFields headers, String type, String subtype) {
        for (String value : headers.getCSV(HttpHeader.ACCEPT, false)) {
            String mediaRange = MimeTypes.getContentTypeWithoutCharset(value);
            int semicolon = mediaRange.indexOf(';');
            String range = (semicolon < 0 ? mediaRange : mediaRange.substring(0, semicolon)).trim();
            int slash = range.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String rangeType = range.substring(0, slash);
            String rangeSubtype = range.substring(slash + 1);
            if (("*".equals(rangeType) || rangeType.equalsIgnoreCase(type))
                    && ("*".equals(rangeSubtype) || rangeSubtype.equalsIgnoreCase(subtype))) {
                return true;
            }
        }
        return false;
    }
}
