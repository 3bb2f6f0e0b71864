package io.shadowcat.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers a POSTed JSON-RPC body: one message, or (2025-03-26 only) a batch. Requests get their
 * outcome, notifications and responses get 202 with no body, and under a session-based protocol
 * version everything but {@code initialize} needs an open session (400 without one, 404 for an
 * unknown one, each with a JSON-RPC error carrying the request's id).
 *
 * <p>A batch is answered simply: each request's answer in one JSON array, and no sessions or
 * streams are started from inside a batch ({@code progress} is refused there with -32600).
 *
 * <p>Thread-safe: holds only thread-safe collaborators; each call works on its own exchange.
 */
final class PostedMessages {
    private final ObjectMapper mapper;
    private final DemoMethods methods;
    private final Sessions sessions;
    private final Replies replies;
    private final Pacer pacer;
    private final SseEvents events;

    PostedMessages(ObjectMapper mapper, DemoMethods methods, Sessions sessions, Replies replies,
            Pacer pacer, SseEvents events) {
        this.mapper = mapper;
        this.methods = methods;
        this.sessions = sessions;
        this.replies = replies;
        this.pacer = pacer;
        this.events = events;
    }

    /** Answers {@code body}, sent with the {@code MCP-Protocol-Version} header {@code version}. */
    void answer(Request request, Response response, Callback callback, byte[] body,
            String version) {
        JsonNode message;
        try {
            message = mapper.readTree(body);
        } catch (IOException e) {
            message = null;
        }
        if (message == null || message.isMissingNode()) {
            replies.error(response, callback, HttpStatus.BAD_REQUEST_400, null,
                    JsonRpc.PARSE_ERROR, "Parse error");
        } else if (message.isObject()) {
            single(request, response, callback, message, version);
        } else if (message.isArray() && !message.isEmpty()
                && ProtocolVersions.allowsBatches(version)) {
            batch(request, response, callback, (ArrayNode) message);
        } else {
            replies.error(response, callback, HttpStatus.BAD_REQUEST_400, null,
                    JsonRpc.INVALID_REQUEST, "Invalid Request: expected one JSON-RPC message"
                            + (ProtocolVersions.allowsBatches(version) ? " or a batch" : ""));
        }
    }

    private void single(Request request, Response response, Callback callback, JsonNode message,
            String version) {
        String method = message.path("method").textValue();
        JsonNode id = message.get("id");
        boolean sessionless = ProtocolVersions.isSessionless(version);
        if (!sessionless && !"initialize".equals(method)
                && !sessionIsOpen(request, response, callback, id)) {
            return;
        }
        if (method == null && !isResponse(message)) {
            replies.error(response, callback, HttpStatus.BAD_REQUEST_400, id,
                    JsonRpc.INVALID_REQUEST, "Invalid Request");
        } else if (method == null || id == null) {
            replies.empty(response, callback, HttpStatus.ACCEPTED_202);
        } else {
            Outcome outcome = methods.call(method, id, message.get("params"));
            if (outcome instanceof Outcome.Progress progress) {
                new ProgressStream(response, callback, pacer, events, progress).start();
            } else if (outcome instanceof Outcome.Initialized initialized) {
                String negotiated = initialized.protocolVersion();
                if (!sessionless && !ProtocolVersions.isSessionless(negotiated)) {
                    response.getHeaders().put(Sessions.HEADER, sessions.open());
                }
                replies.message(response, callback, initialized.message());
            } else {
                replies.message(response, callback, ((Outcome.Answer) outcome).message());
            }
        }
    }

    private void batch(Request request, Response response, Callback callback, ArrayNode batch) {
        if (!sessionIsOpen(request, response, callback, null)) {
            return;
        }
        ArrayNode answers = mapper.createArrayNode();
        for (JsonNode message : batch) {
            String method = message.path("method").textValue();
            JsonNode id = message.get("id");
            if (!message.isObject() || method == null && !isResponse(message)) {
                answers.add(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Invalid Request"));
            } else if (method != null && id != null) {
                Outcome outcome = methods.call(method, id, message.get("params"));
                if (outcome instanceof Outcome.Answer answer) {
                    answers.add(answer.message());
                } else if (outcome instanceof Outcome.Initialized initialized) {
                    answers.add(initialized.message());
                } else {
                    answers.add(JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                            "Invalid Request: a streamed tool call cannot be part of a batch"));
                }
            }
        }
        if (answers.isEmpty()) {
            replies.empty(response, callback, HttpStatus.ACCEPTED_202);
        } else {
            replies.batch(response, callback, answers);
        }
    }

    private boolean sessionIsOpen(Request request, Response response, Callback callback,
            JsonNode id) {
        String session = request.getHeaders().get(Sessions.HEADER);
        return replies.sessionIsOpen(sessions.check(session), response, callback, id);
    }

    private static boolean isResponse(JsonNode message) {
        return message.has("result") || message.has("error");
    }
}
