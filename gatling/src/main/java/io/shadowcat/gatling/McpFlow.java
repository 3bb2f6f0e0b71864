package io.shadowcat.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIf;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.Objects;

/**
 * The MCP conversation of one virtual user on one path, as Gatling chains: {@code initialize} (keeping the
 * {@code Mcp-Session-Id} it answers with) → {@code notifications/initialized} → {@code tools/list} →
 * {@code tools/call}s → {@code DELETE}. Every later request carries the session id and the negotiated protocol
 * version. A {@code tools/call} is {@code echo} (answered as the upstream answers: JSON, or one SSE event with
 * {@code --sse}) or, every {@code sseEvery}-th call, {@code progress}, which always streams SSE progress
 * notifications before its result.
 *
 * <p>Each exchange is also timed on the client at nanosecond resolution into a {@link LatencyBook} under the
 * operation names {@code initialize}, {@code initialized}, {@code tools_list}, {@code tools_call},
 * {@code tools_call_sse} and {@code delete}; Gatling's own statistics keep the request names
 * {@code "<path> <method>"} for its report and assertions.
 *
 * <p>Immutable and thread-safe: the chains it builds are shared by every virtual user.
 */
public final class McpFlow {
    public static final String PROTOCOL_VERSION = "2025-11-25";
    public static final String SESSION = "mcpSessionId";
    static final String START = "exchangeStartNanos";
    static final String STATUS = "httpStatus";
    static final String CALLS = "toolCalls";

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},\
            "clientInfo":{"name":"shadowcat-gatling","version":"1"}}}""".formatted(PROTOCOL_VERSION);
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    private static final String ECHO = """
            {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"message":"m"}}}""";
    private static final String PROGRESS = """
            {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"progress",\
            "arguments":{"steps":2,"intervalMs":0},"_meta":{"progressToken":"p"}}}""";

    private final String path;
    private final String url;
    private final LatencyBook book;
    private final int sseEvery;
    private final Duration timeout;

    /**
     * @param path     {@code proxy}, {@code direct}, or a {@code warmup…} name (not recorded)
     * @param url      the MCP endpoint
     * @param sseEvery every how many tool calls one is the SSE {@code progress} call; 0 for never
     */
    public McpFlow(String path, String url, LatencyBook book, int sseEvery) {
        this(path, url, book, sseEvery, null);
    }

    private McpFlow(String path, String url, LatencyBook book, int sseEvery, Duration timeout) {
        this.path = Objects.requireNonNull(path, "path");
        this.url = Objects.requireNonNull(url, "url");
        this.book = Objects.requireNonNull(book, "book");
        if (sseEvery < 0) {
            throw new IllegalArgumentException("sseEvery must not be negative: " + sseEvery);
        }
        this.sseEvery = sseEvery;
        this.timeout = timeout;
    }

    /** The same flow whose requests give up after {@code timeout} (Gatling's configured timeout otherwise). */
    public McpFlow withTimeout(Duration timeout) {
        return new McpFlow(path, url, book, sseEvery, Objects.requireNonNull(timeout, "timeout"));
    }

    public String path() {
        return path;
    }

    /** initialize → notifications/initialized → tools/list; a user whose initialize failed stops here. */
    public ChainBuilder open() {
        return initialize()
                .exec(exitHereIf(session -> !session.contains(SESSION)))
                .exec(timedNotification())
                .exec(timed("tools_list", inSession("tools/list").body(StringBody(TOOLS_LIST))
                        .check(status().saveAs(STATUS), status().is(200), substring("\"echo\""))));
    }

    /** notifications/initialized alone (202). */
    public ChainBuilder timedNotification() {
        return timed("initialized", inSession("notifications/initialized").body(StringBody(INITIALIZED))
                .check(status().saveAs(STATUS), status().is(202)));
    }

    /** initialize alone, keeping the session id. */
    public ChainBuilder initialize() {
        return timed("initialize", limited(http(path + " initialize").post(url)).body(StringBody(INITIALIZE))
                .check(status().saveAs(STATUS), status().is(200), header("Mcp-Session-Id").saveAs(SESSION),
                        substring("\"protocolVersion\"")));
    }

    /** One tools/call: {@code progress} (SSE) every {@code sseEvery}-th call of this user, {@code echo} otherwise. */
    public ChainBuilder call() {
        if (sseEvery == 0) {
            return echo();
        }
        return exec(session -> session.set(CALLS, session.contains(CALLS) ? session.getInt(CALLS) + 1 : 1))
                .exec(doIfOrElse(session -> session.getInt(CALLS) % sseEvery == 0).then(progress()).orElse(echo()));
    }

    /** An echo call, with extra checks if given (their failure counts as a failed call). */
    public ChainBuilder echo(CheckBuilder... checks) {
        HttpRequestActionBuilder request = echoRequest("tools/call");
        return timed("tools_call", checks.length == 0 ? request : request.check(checks));
    }

    /** An untimed echo call named {@code "<path> <name>"}, with the standard checks. */
    public HttpRequestActionBuilder echoRequest(String name) {
        return inSession(name).body(StringBody(ECHO))
                .check(status().saveAs(STATUS), status().is(200), substring("\"result\""));
    }

    public ChainBuilder progress() {
        return timed("tools_call_sse", inSession("tools/call sse").body(StringBody(PROGRESS))
                .check(status().saveAs(STATUS), status().is(200), substring("notifications/progress"),
                        substring("Completed 2 steps")));
    }

    /** DELETE: ends the session. */
    public ChainBuilder close() {
        return timed("delete", limited(http(path + " delete").delete(url))
                .header("Mcp-Session-Id", "#{" + SESSION + "}").header("MCP-Protocol-Version", PROTOCOL_VERSION)
                .check(status().saveAs(STATUS), status().in(200, 202, 204)));
    }

    /** Runs the request, timing it into the book under {@code op}; a failure is counted, then cleared. */
    public ChainBuilder timed(String op, HttpRequestActionBuilder request) {
        return exec(session -> session.remove(STATUS).set(START, System.nanoTime()))
                .exec(request)
                .exec(session -> {
                    long end = System.nanoTime();
                    boolean ok = !session.isFailed();
                    book.record(path, op, session.getLong(START), end, ok, ok ? "ok" : failure(session));
                    return session.markAsSucceeded();
                });
    }

    /** A POST in the user's session, named {@code "<path> <name>"} in Gatling's statistics. */
    public HttpRequestActionBuilder inSession(String name) {
        return limited(http(path + " " + name).post(url))
                .header("Mcp-Session-Id", "#{" + SESSION + "}")
                .header("MCP-Protocol-Version", PROTOCOL_VERSION);
    }

    private HttpRequestActionBuilder limited(HttpRequestActionBuilder request) {
        return timeout == null ? request : request.requestTimeout(timeout);
    }

    private static String failure(Session session) {
        if (!session.contains(STATUS)) {
            return "no_response";
        }
        int status = session.getInt(STATUS);
        return status >= 200 && status < 300 ? "check" : "status_" + status;
    }
}
