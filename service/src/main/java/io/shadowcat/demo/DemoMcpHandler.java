package io.shadowcat.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

/**
 * The demo MCP endpoint, {@code /mcp}, speaking MCP Streamable HTTP: the session-based protocol
 * versions (2025-03-26, 2025-06-18, 2025-11-25) and the session-less 2026-07-28 revision, as the
 * {@code MCP-Protocol-Version} header names them. POST carries JSON-RPC; GET opens a session's
 * keep-alive stream; DELETE ends a session. Other paths are left unhandled (404).
 *
 * <p>Never blocks a thread: the body is read asynchronously, and latency, progress steps and
 * keep-alives are timed by the scheduler. So it declares itself non-blocking, and Jetty may run it
 * on a selector thread. Thread-safe: sessions are a concurrent set; everything else is immutable
 * or belongs to one exchange. Owns its open GET streams; {@link #endStreams()} ends them.
 */
final class DemoMcpHandler extends Handler.Abstract {
    static final String PATH = "/mcp";
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final String SESSION_METHODS = "GET, POST, DELETE";

    private final Duration latency;
    private final Pacer pacer;
    private final Sessions sessions = new Sessions();
    private final Replies replies;
    private final PostedMessages posted;
    private final OpenStreams streams;

    DemoMcpHandler(DemoUpstreamOptions options, Pacer pacer) {
        super(InvocationType.NON_BLOCKING);
        ObjectMapper mapper = new ObjectMapper();
        SseEvents events = new SseEvents(mapper);
        DemoMethods methods = new DemoMethods(new DemoTools(mapper, options.payloadBytes()));
        this.latency = options.latency();
        this.pacer = pacer;
        this.replies = new Replies(mapper, events, options.sse());
        this.posted = new PostedMessages(mapper, methods, sessions, replies, pacer, events);
        this.streams = new OpenStreams(pacer, options.keepAliveInterval());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        if (!"POST".equals(request.getMethod())) {
            pacer.after(latency, () -> answer(request, response, callback, null));
        } else if (request.getLength() > MAX_BODY_BYTES) {
            pacer.after(latency, () -> replies.error(response, callback,
                    HttpStatus.PAYLOAD_TOO_LARGE_413, null, JsonRpc.SERVER_ERROR,
                    "Payload too large: the limit is " + MAX_BODY_BYTES + " bytes"));
        } else {
            Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES, Promise.Invocable.from(
                    InvocationType.NON_BLOCKING,
                    body -> pacer.after(latency, () -> answer(request, response, callback, body)),
                    callback::failed));
        }
        return true;
    }

    /**
     * Ends every open GET stream with a clean last chunk, and every later one at once (503); the
     * future completes when the last chunks have been sent.
     */
    CompletableFuture<Void> endStreams() {
        return streams.endAll();
    }

    /** Answers once the latency has passed; {@code body} is null unless the method is POST. */
    private void answer(Request request, Response response, Callback callback, byte[] body) {
        try {
            route(request, response, callback, body);
        } catch (RuntimeException e) {
            // Often on a scheduler-driven thread, where nobody else would complete the exchange.
            callback.failed(e);
        }
    }

    private void route(Request request, Response response, Callback callback, byte[] body) {
        String version = request.getHeaders().get(ProtocolVersions.HEADER);
        if (version != null && !ProtocolVersions.isSupported(version)) {
            replies.error(response, callback, HttpStatus.BAD_REQUEST_400, null,
                    JsonRpc.INVALID_REQUEST, "Unsupported MCP-Protocol-Version: " + version);
            return;
        }
        boolean sessionless = ProtocolVersions.isSessionless(version);
        switch (request.getMethod()) {
            case "POST" -> posted.answer(request, response, callback, body, version);
            case "GET" -> {
                if (sessionless) {
                    methodNotAllowed(response, callback, "POST");
                } else {
                    openStream(request, response, callback);
                }
            }
            case "DELETE" -> {
                if (sessionless) {
                    methodNotAllowed(response, callback, "POST");
                } else {
                    endSession(request, response, callback);
                }
            }
            default -> methodNotAllowed(response, callback, sessionless ? "POST" : SESSION_METHODS);
        }
    }

    private void openStream(Request request, Response response, Callback callback) {
        String session = request.getHeaders().get(Sessions.HEADER);
        if (!replies.sessionIsOpen(sessions.check(session), response, callback, null)) {
            return;
        }
        if (!request.getHeaders().contains(HttpHeader.ACCEPT, SseEvents.CONTENT_TYPE)) {
            replies.error(response, callback, HttpStatus.NOT_ACCEPTABLE_406, null,
                    JsonRpc.SERVER_ERROR, "Not Acceptable: GET needs Accept: text/event-stream");
        } else if (streams.isEnding()) {
            replies.error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, null,
                    JsonRpc.SERVER_ERROR, "Service Unavailable: the server is stopping");
        } else {
            streams.open(request, response, callback);
        }
    }

    private void endSession(Request request, Response response, Callback callback) {
        String session = request.getHeaders().get(Sessions.HEADER);
        if (replies.sessionIsOpen(sessions.check(session), response, callback, null)) {
            sessions.close(session);
            replies.empty(response, callback, HttpStatus.OK_200);
        }
    }

    private void methodNotAllowed(Response response, Callback callback, String allowed) {
        response.getHeaders().put(new HttpField(HttpHeader.ALLOW, allowed));
        replies.error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, null,
                JsonRpc.SERVER_ERROR, "Method not allowed");
    }
}
