package io.shadowcat.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;

/**
 * Server-sent events as MCP Streamable HTTP writes them: one JSON-RPC message per event, as
 * {@code id: <n>\nevent: message\ndata: <json>\n\n}.
 *
 * <p>Event ids come from one counter per server, so they never repeat within a session, across
 * all of its streams (which is what MCP asks of them). Thread-safe.
 */
final class SseEvents {
    static final String CONTENT_TYPE = "text/event-stream";

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper;
    private final AtomicLong ids = new AtomicLong();

    SseEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Makes {@code response} an event stream: 200, {@code text/event-stream}, no caching. */
    static void begin(Response response) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    }

    /** An SSE comment that keeps an idle stream (and every proxy on its way) from timing out. */
    static ByteBuffer keepAlive() {
        return ByteBuffer.wrap(KEEP_ALIVE).asReadOnlyBuffer();
    }

    /** One event carrying {@code message}. */
    ByteBuffer event(JsonNode message) {
        return events(List.of(message));
    }

    /** One event per message, back to back in one buffer. */
    ByteBuffer events(Iterable<JsonNode> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            for (JsonNode message : messages) {
                String head = "id: " + ids.incrementAndGet() + "\nevent: message\ndata: ";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                // Compact JSON has no line breaks, so the whole message fits on one data line.
                mapper.writeValue(out, message);
                out.write(DATA_END);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteBuffer.wrap(out.toByteArray());
    }
}
