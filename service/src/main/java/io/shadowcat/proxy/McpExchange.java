package io.shadowcat.proxy;

import io.shadowcat.auth.McpPrincipal;
import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.jsonrpc.MalformedMessageException;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.Stage;
import io.shadowcat.protocol.McpHeaders;
import io.shadowcat.protocol.ProtocolVersion;
import io.shadowcat.session.OpenedSession;
import io.shadowcat.session.SessionToken;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.UpstreamLease;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request through the proxy, from the client's side, whichever data plane read it: transport checks,
 * the body, the envelope, the admission stages, the route, and the one place where refusals become HTTP
 * responses. The data plane's subclass reads the body, writes the answers and makes the upstream call: on Jetty
 * {@link ProxyExchange} (upstream leg {@link UpstreamCall}), on Netty {@link LoopExchange}.
 *
 * <p>Large because it is the edge: every status of the Streamable HTTP transport is decided here, in
 * the order the spec implies, so the order itself can be read in one place. Confined to one exchange;
 * its steps run on several threads but each happens-before the next. Completion is guarded so the
 * exchange ends exactly once.
 */
abstract class McpExchange implements BoundedBody.Sink, AdmissionRequest {
    private static final Logger LOG = LoggerFactory.getLogger(McpExchange.class);
    private static final String ALLOW = "GET, POST, DELETE";
    /** The admission stages after auth, in the order {@link ProxyContext#admission()} returns their checks. */
    private static final Stage[] ADMISSION_STAGES = {Stage.RATELIMIT, Stage.POLICY};
    /**
     * Delays shorter than this are waited out on the request thread: a scheduled task runs up to a
     * millisecond or more late, many times a delay of a few microseconds. Longer ones hold no thread.
     */
    static final long SPIN_BELOW_NANOS = 200_000;
    /** Principal hash of unauthenticated requests; sessions bind to it until auth is configured. */
    static final long ANONYMOUS = 0L;
    private static final byte[] NO_BYTES = new byte[0];

    final ProxyContext context;
    final ExchangeTimer timer;
    private final AtomicBoolean completed = new AtomicBoolean();
    private ProtocolVersion version;
    private JsonRpcEnvelope envelope;
    /** A POST refused for its headers: answered once its body is read, with the request's id if it has one. */
    private Rejection refusedForHeaders;
    private String sessionId;
    /** The authenticated principal's hash, set by the auth stage; what sessions are bound to. */
    private long principalHash = ANONYMOUS;
    private McpPrincipal principal;
    /** Whether {@link #session} has been looked up; it is decoded at most once per exchange. */
    private boolean sessionResolved;
    private SessionToken session;
    private boolean upstreamChosen;
    private Upstream upstream;
    /** A lease taken when the upstream was chosen early and not yet handed to the upstream call. */
    private final AtomicReference<UpstreamLease> lease = new AtomicReference<>();
    /** Effects the admission stages left: extra response headers, upstream header edits, a list filter. */
    private List<HttpField> responseHeaders;
    private List<UpstreamHeaderEdit> upstreamEdits;
    private ListFilter listFilter;

    McpExchange(ProxyContext context, ExchangeTimer timer) {
        this.context = context;
        this.timer = timer;
    }

    ExchangeTimer timer() {
        return timer;
    }

    /** The request's HTTP method. */
    abstract String method();

    /** The request's query string, or {@code null}. */
    abstract String query();

    /** Reads the POST's body (of {@code declared} bytes, or -1: unknown), then calls {@link #body} or {@link #tooLarge}. */
    abstract void readBody(long declared);

    /** Runs {@code then} after {@code nanos}, holding no thread meanwhile. */
    abstract void schedule(Runnable then, long nanos);

    /** Delays shorter than this are waited out on the thread that runs the exchange ({@link #SPIN_BELOW_NANOS}). */
    long spinBelowNanos() {
        return SPIN_BELOW_NANOS;
    }

    /** Continues the exchange with {@code then} after a step that completed on another thread. */
    void resume(Runnable then) {
        then.run();
    }

    /** Sends the admitted request upstream with {@code held}; the call then ends the exchange. */
    abstract void callUpstream(UpstreamLease held, SessionToken session, boolean opensSession, boolean free,
                               ByteBuffer body);

    /** Whether the response has started (its status is on its way): an answer can no longer replace it. */
    abstract boolean responseStarted();

    /** Writes a whole response, then calls {@link #complete} with the outcome of the write. */
    abstract void answer(int status, HttpFields headers, byte[] body);

    /** The response's status, for the record. */
    abstract int responseStatus();

    /** The exchange has ended: with success ({@code null}) or the failure that aborts the response. */
    abstract void ended(Throwable failure);

    /** Starts handling the request; everything after this is asynchronous. */
    void start() {
        context.metrics().started();
        timer.open(Stage.RECEIVE);
        String method = method();
        timer.httpMethod(method);
        HttpFields headers = headers();
        Optional<Rejection> refused = headerRefusal(headers);
        if (HttpMethod.POST.is(method)) {
            receivePost(headers, refused.or(() -> postHeaderRefusal(headers)).orElse(null));
        } else if (refused.isPresent()) {
            reject(refused.get());
        } else if (HttpMethod.GET.is(method) || HttpMethod.DELETE.is(method)) {
            timer.method(method);
            receiveSessionRequest(headers, HttpMethod.GET.is(method));
        } else {
            reject(Rejection.methodNotAllowed("HTTP method " + method + " is not served by the MCP endpoint", ALLOW));
        }
    }

    /** What every request's headers may be refused for: its Origin, its protocol version (set here when known). */
    private Optional<Rejection> headerRefusal(HttpFields headers) {
        if (!context.origins().allows(headers.get(HttpHeader.ORIGIN))) {
            return Optional.of(Rejection.of(403, JsonRpcError.FORBIDDEN,
                    "Origin " + headers.get(HttpHeader.ORIGIN) + " is not allowed"));
        }
        String versionHeader = headers.get(McpHeaders.PROTOCOL_VERSION);
        Optional<ProtocolVersion> negotiated = versionHeader == null
                ? Optional.of(ProtocolVersion.ASSUMED_WHEN_ABSENT) : ProtocolVersion.fromWire(versionHeader.trim());
        if (negotiated.isEmpty()) {
            return Optional.of(Rejection.badRequest("unsupported MCP-Protocol-Version '" + versionHeader
                    + "'; supported: 2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28"));
        }
        version = negotiated.get();
        timer.protocolVersion(version.wireName());
        return Optional.empty();
    }

    /** What a POST's headers may be refused for besides: what it accepts, what it sends. */
    private static Optional<Rejection> postHeaderRefusal(HttpFields headers) {
        Accepts accepts = Accepts.of(headers);
        if (!accepts.json() || !accepts.eventStream()) {
            return Optional.of(Rejection.of(406, JsonRpcError.TRANSPORT_ERROR,
                    "Accept must list both application/json and text/event-stream"));
        }
        String contentType = headers.get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !"application/json".equalsIgnoreCase(MimeTypes.getContentTypeWithoutCharset(contentType).trim())) {
            return Optional.of(Rejection.of(415, JsonRpcError.TRANSPORT_ERROR,
                    "Content-Type must be application/json, not " + (contentType == null ? "absent" : contentType)));
        }
        return Optional.empty();
    }

    /**
     * Reads the body, within the size limit. A POST refused for its headers ({@code refused}) is answered once
     * the body is read, so that the error carries the request's id, as every JSON-RPC error should; one whose
     * body is too large to read is answered at once, without it.
     */
    private void receivePost(HttpFields headers, Rejection refused) {
        refusedForHeaders = refused;
        long declared = headers.getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > context.settings().maxRequestBytes()) {
            tooLarge(context.settings().maxRequestBytes());
            return;
        }
        readBody(declared);
    }

    @Override
    public void tooLarge(long limit) {
        if (refusedForHeaders != null) {
            reject(refusedForHeaders);
            return;
        }
        reject(Rejection.of(413, JsonRpcError.REQUEST_TOO_LARGE, "request body exceeds " + limit + " bytes"));
    }

    @Override
    public void failed(Throwable cause) {
        LOG.debug("C2P #{} request body failed", timer.id(), cause);
        complete(cause);
    }

    @Override
    public void body(byte[] bytes, int length) {
        JsonRpcEnvelope parsed;
        try {
            parsed = context.parser().parse(bytes, 0, length);
        } catch (MalformedMessageException e) {
            timer.bytesIn(length);
            timer.method("invalid");
            reject(refusedForHeaders != null ? refusedForHeaders : Rejection.of(400, e.code(), e.getMessage()), e.idJson());
            return;
        }
        body(parsed, bytes, length);
    }

    /** The body, already parsed into {@code parsed}. */
    private void body(JsonRpcEnvelope parsed, byte[] bytes, int length) {
        timer.bytesIn(length);
        envelope = parsed;
        timer.method(envelope.kind() == JsonRpcEnvelope.Kind.REQUEST || envelope.kind() == JsonRpcEnvelope.Kind.NOTIFICATION
                ? envelope.method() : envelope.kind() == JsonRpcEnvelope.Kind.BATCH ? "batch" : "response");
        timer.tool(envelope.name());
        if (refusedForHeaders != null) {
            reject(refusedForHeaders);
            return;
        }
        Optional<Rejection> envelopeProblem = checkEnvelope(headers());
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
        if (get && !Accepts.of(headers).eventStream()) {
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
            outcome = context.auth().authenticate(headers(), query(), clientAddress());
        } catch (RuntimeException e) {
            outcome = couldNotAuthenticate(e);
        }
        authenticated(outcome, body);
    }

    private void authenticated(AuthOutcome outcome, ByteBuffer body) {
        if (outcome instanceof AuthOutcome.Deferred deferred) {
            deferred.next().whenComplete((next, failure) ->
                    resume(() -> authenticated(failure == null ? next : couldNotAuthenticate(failure), body)));
            return;
        }
        timer.close(Stage.AUTH);
        if (outcome instanceof AuthOutcome.Refused refused) {
            reject(refused.rejection());
            return;
        }
        AuthOutcome.Admitted admitted = (AuthOutcome.Admitted) outcome;
        principalHash = admitted.principalHash();
        principal = admitted.principal();
        admit(0, body);
    }

    private AuthOutcome couldNotAuthenticate(Throwable e) {
        LOG.error("C2P #{} auth stage could not decide", timer.id(), e);
        return new AuthOutcome.Refused(Rejection.of(500, JsonRpcError.INTERNAL_ERROR, "auth could not decide on this request"));
    }

    /**
     * Runs the admission stages after auth in order from stage {@code first}, then the route; answers at the
     * first refusal or canned response. A delay keeps its stage open: a short one is waited out on this
     * thread, a longer one resumes from the scheduler.
     */
    private void admit(int first, ByteBuffer body) {
        ExchangeCheck[] checks = context.admission();
        for (int i = first; i < checks.length; i++) {
            timer.open(ADMISSION_STAGES[i]);
            Admission admission;
            try {
                admission = checks[i].check(this);
            } catch (RuntimeException e) {
                admission = couldNotDecide(i, e);
            }
            if (admission instanceof Admission.Delay delay) {
                if (delay.nanos() >= spinBelowNanos()) {
                    resumeAfter(delay, i, body);
                    return;
                }
                spin(delay.nanos());
                admission = delay.then();
            }
            timer.close(ADMISSION_STAGES[i]);
            if (!admitted(admission)) {
                return;
            }
        }
        route(body);
    }

    private Admission couldNotDecide(int stage, RuntimeException e) {
        LOG.error("C2P #{} {} stage could not decide", timer.id(), ADMISSION_STAGES[stage].wireName(), e);
        return new Admission.Refuse(Rejection.of(500, JsonRpcError.INTERNAL_ERROR,
                ADMISSION_STAGES[stage].wireName() + " could not decide on this request"));
    }

    /** Carries out a decision that is not a delay; whether the request goes on to the next stage. */
    private boolean admitted(Admission admission) {
        if (admission instanceof Admission.Refuse refuse) {
            reject(refuse.rejection());
            return false;
        }
        if (admission instanceof Admission.Respond respond) {
            respond(respond.memberJson());
            return false;
        }
        return true;
    }

    private static void spin(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    /** Waits out a delay on no thread. */
    private void resumeAfter(Admission.Delay delay, int stage, ByteBuffer body) {
        schedule(() -> {
            timer.close(ADMISSION_STAGES[stage]);
            if (admitted(delay.then())) {
                admit(stage + 1, body);
            }
        }, delay.nanos());
    }

    /** Answers the request with a canned JSON-RPC response, without calling the upstream. */
    private void respond(String memberJson) {
        if (completed.get()) {
            return;
        }
        LOG.debug("P2C #{} answered by policy", timer.id());
        HttpFields.Mutable headers = HttpFields.build();
        addAdmissionHeaders(headers);
        if (envelope == null || envelope.idJson() == null) {
            answer(202, headers, NO_BYTES);
            return;
        }
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + envelope.idJson() + "," + memberJson + "}")
                .getBytes(StandardCharsets.UTF_8);
        timer.addBytesOut(body.length);
        answer(200, headers, body);
    }

    private void route(ByteBuffer body) {
        if (completed.get()) {
            // Ended meanwhile (the client went away during a delay or a token check): nothing goes upstream.
            return;
        }
        timer.open(Stage.ROUTE);
        boolean opensSession = opensSession();
        boolean free = !version.sessionBased() || opensSession;
        UpstreamLease held;
        if (free) {
            context.upstreams().retryBudget().deposit();
            chosenUpstream();
            held = lease.getAndSet(null);
            if (held == null) {
                timer.close(Stage.ROUTE);
                reject(unavailable("no upstream can take requests now: each is at capacity (every connection and "
                        + "queue place taken) or its circuit breaker is open", context.upstreams().retryAfter()));
                return;
            }
        } else {
            sessionId = headers().get(McpHeaders.SESSION_ID);
            if (sessionId == null) {
                reject(Rejection.badRequest("missing Mcp-Session-Id: send initialize first, then the session id it returned"));
                return;
            }
            Upstream pinned = chosenUpstream();
            if (pinned == null) {
                reject(Rejection.sessionNotFound("session not found: it is unknown, expired or terminated; initialize a new one"));
                return;
            }
            timer.upstream(pinned.name());
            held = pinned.tryAcquire().orElse(null);
            if (held == null) {
                timer.close(Stage.ROUTE);
                reject(pinned.atCapacity()
                        ? unavailable("upstream '" + pinned.name() + "' of this session is at capacity (every connection "
                                + "and queue place taken); retry later", Duration.ofSeconds(1))
                        : unavailable("upstream '" + pinned.name() + "' of this session is failing (circuit breaker "
                                + "open); retry later", pinned.breaker().retryAfter()));
                return;
            }
        }
        timer.upstream(held.upstream().name());
        timer.close(Stage.ROUTE);
        callUpstream(held, session(), opensSession, free, body);
    }

    private static Rejection unavailable(String message, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return Rejection.of(503, JsonRpcError.UPSTREAM_UNAVAILABLE, message)
                .withHeader(new HttpField(HttpHeader.RETRY_AFTER, Long.toString(seconds)));
    }

    private boolean opensSession() {
        return envelope != null && envelope.isInitialize() && version.sessionBased();
    }

    /**
     * The upstream chosen for this request (once), or {@code null} when its session is not known or no
     * upstream can take it. A session-less request or a new session is balanced here, and holds a lease
     * on its upstream from then on: the route hands it to the upstream call, or completion gives it back.
     */
    private Upstream chosenUpstream() {
        if (!upstreamChosen) {
            upstreamChosen = true;
            if (!version.sessionBased() || opensSession()) {
                UpstreamLease chosen = context.upstreams().choose(List.of()).orElse(null);
                lease.set(chosen);
                upstream = chosen == null ? null : chosen.upstream();
            } else {
                SessionToken token = session();
                upstream = token == null ? null : context.upstreams().named(token.upstream()).orElse(null);
            }
        }
        return upstream;
    }

    @Override
    public McpPrincipal principal() {
        return principal;
    }

    /** The session id this request's connection opened last, or null where the data plane keeps none. */
    OpenedSession openedSession() {
        return null;
    }

    @Override
    public SessionToken session() {
        if (!sessionResolved) {
            sessionResolved = true;
            String id = headers().get(McpHeaders.SESSION_ID);
            if (id != null && version.sessionBased() && !opensSession()) {
                session = context.sessions().resolve(id, principalHash, openedSession()).orElse(null);
            }
        }
        return session;
    }

    @Override
    public String upstream() {
        Upstream chosen = chosenUpstream();
        return chosen == null ? null : chosen.name();
    }

    @Override
    public void addResponseHeader(HttpField header) {
        if (responseHeaders == null) {
            responseHeaders = new ArrayList<>(2);
        }
        responseHeaders.add(header);
    }

    @Override
    public void editUpstreamHeaders(UpstreamHeaderEdit edit) {
        if (upstreamEdits == null) {
            upstreamEdits = new ArrayList<>(2);
        }
        upstreamEdits.add(edit);
    }

    @Override
    public void filterListResult(ListFilter filter) {
        listFilter = filter;
    }

    /** Whether the admission stages asked for edits of the proxy-to-server headers. */
    boolean editsUpstreamHeaders() {
        return upstreamEdits != null;
    }

    /** The response headers the admission stages asked for (none: empty). */
    List<HttpField> admissionHeaders() {
        return responseHeaders == null ? List.of() : responseHeaders;
    }

    /** Adds the response headers the admission stages asked for. */
    void addAdmissionHeaders(HttpFields.Mutable proxyToClientHeaders) {
        for (HttpField header : admissionHeaders()) {
            proxyToClientHeaders.put(header);
        }
    }

    /** Applies the admission stages' edits to the proxy-to-server headers. */
    void applyUpstreamEdits(HttpFields.Mutable proxyToServerHeaders) {
        if (upstreamEdits != null) {
            for (UpstreamHeaderEdit edit : upstreamEdits) {
                edit.apply(proxyToServerHeaders);
            }
        }
    }

    /** The filter for this request's list result, or {@code null} when it passes untouched. */
    ListFilter listFilter() {
        return listFilter;
    }

    /** The client's JSON-RPC request id as raw JSON, for error answers. */
    private String idJson() {
        return envelope == null ? null : envelope.idJson();
    }

    @Override
    public ProtocolVersion version() {
        return version;
    }

    @Override
    public JsonRpcEnvelope envelope() {
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
        if (responseStarted()) {
            complete(new IllegalStateException(rejection.message()));
            return;
        }
        LOG.info("P2C #{} {} {}: {}", timer.id(), rejection.status(), timer.method(), rejection.message());
        HttpFields.Mutable headers = HttpFields.build();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        if (rejection.allow() != null) {
            headers.put(HttpHeader.ALLOW, rejection.allow());
        }
        addAdmissionHeaders(headers);
        for (org.eclipse.jetty.http.HttpField header : rejection.headers()) {
            headers.add(header);
        }
        byte[] body = JsonRpcError.body(idJson, rejection.code(), rejection.message());
        timer.addBytesOut(body.length);
        answer(rejection.status(), headers, body);
    }

    /** Ends the exchange: exactly once, with success ({@code null}) or the failure that aborts it. */
    void complete(Throwable failure) {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        UpstreamLease unused = lease.getAndSet(null);
        if (unused != null) {
            // Chosen for an admission stage, then refused or answered before the route.
            unused.ignore();
        }
        timer.status(responseStatus());
        timer.finish();
        context.metrics().finished(timer);
        ended(failure);
    }
}
