package io.shadowcat.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Writes complete answers: JSON-RPC messages (as {@code application/json}, or as a short
 * {@code text/event-stream} in SSE mode), JSON-RPC errors with an HTTP status, and empty answers.
 * Each method writes the whole response in one last write and completes {@code callback} with it.
 *
 * <p>Thread-safe (Jackson's {@link ObjectMapper} is, and nothing else is mutable).
 */
final class Replies {
    private static final String JSON = "application/json";

    private final ObjectMapper mapper;
    private final SseEvents events;
    private final boolean sse;

    Replies(ObjectMapper mapper, SseEvents events, boolean sse) {
        this.mapper = mapper;
        this.events = events;
        this.sse = sse;
    }

    /** 200 with one JSON-RPC message. */
    void message(Response response, Callback callback, JsonNode message) {
        if (sse) {
            SseEvents.begin(response);
            response.write(true, events.event(message), callback);
        } else {
            json(response, callback, HttpStatus.OK_200, message);
        }
    }

    /** 200 with a batch's answers: a JSON array, or in SSE mode one event per answer. */
    void batch(Response response, Callback callback, ArrayNode answers) {
        if (sse) {
            SseEvents.begin(response);
            response.write(true, events.events(answers), callback);
        } else {
            json(response, callback, HttpStatus.OK_200, answers);
        }
    }

    /** {@code status} with a JSON-RPC error; {@code id} is null when the request's is unknown. */
    void error(Response response, Callback callback, int status, JsonNode id, int code,
            String text) {
        json(response, callback, status, JsonRpc.error(id, code, text));
    }

    /**
     * True when the session is open; otherwise answers 400 (no {@code Mcp-Session-Id}) or 404
     * (unknown or terminated session) with a JSON-RPC error carrying {@code id}, and is false.
     */
    boolean sessionIsOpen(Sessions.Status session, Response response, Callback callback,
            JsonNode id) {
        switch (session) {
            case MISSING -> error(response, callback, HttpStatus.BAD_REQUEST_400, id,
                    JsonRpc.INVALID_REQUEST, "Bad Request: Mcp-Session-Id header is required");
            case UNKNOWN -> error(response, callback, HttpStatus.NOT_FOUND_404, id,
                    JsonRpc.SESSION_NOT_FOUND, "Session not found");
            case OPEN -> {
                return true;
            }
        }
        return false;
    }

    /** {@code status} without a body, e.g. 202 for a notification. */
    void empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    private void json(Response response, Callback callback, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
