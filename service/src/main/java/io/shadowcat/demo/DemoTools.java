package io.shadowcat.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The demo upstream's two tools: {@code echo} returns its {@code message} plus the configured
 * padding, and {@code progress} counts {@code steps} of {@code intervalMs}, reporting progress.
 *
 * <p>Immutable and thread-safe. The {@code tools/list} result is built once and shared by every
 * answer; nothing ever modifies it.
 */
final class DemoTools {
    static final int MAX_STEPS = 1_000;
    /** Below the connector's idle timeout, so a silent wait never closes the connection. */
    static final int MAX_INTERVAL_MS = 10_000;

    private static final String TOOLS = """
            {"tools": [
              {"name": "echo",
               "description": "Returns the message, followed by the server's configured padding.",
               "inputSchema": {"type": "object",
                 "properties": {"message": {"type": "string", "description": "Text to echo."}},
                 "required": ["message"]}},
              {"name": "progress",
               "description": "Counts steps, sending a progress notification after each.",
               "inputSchema": {"type": "object",
                 "properties": {
                   "steps": {"type": "integer", "default": 3, "minimum": 0, "maximum": %d},
                   "intervalMs": {"type": "integer", "default": 50, "minimum": 0, "maximum": %d}}}}
            ]}""".formatted(MAX_STEPS, MAX_INTERVAL_MS);

    private final JsonNode list;
    private final String padding;

    DemoTools(ObjectMapper mapper, int payloadBytes) {
        try {
            this.list = mapper.readTree(TOOLS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        this.padding = "x".repeat(payloadBytes);
    }

    /** The {@code tools/list} result. */
    JsonNode list() {
        return list;
    }

    /** Runs {@code tools/call}; a missing or unknown tool, or a bad argument, is -32602. */
    Outcome call(JsonNode id, JsonNode params) {
        JsonNode arguments = params.path("arguments");
        String name = params.path("name").textValue();
        if (name == null) {
            return invalid(id, "tools/call needs a tool name");
        }
        return switch (name) {
            case "echo" -> echo(id, arguments);
            case "progress" -> progress(id, params, arguments);
            default -> invalid(id, "Unknown tool: " + name);
        };
    }

    private Outcome echo(JsonNode id, JsonNode arguments) {
        String message = arguments.path("message").textValue();
        if (message == null) {
            return invalid(id, "echo needs a string argument 'message'");
        }
        return new Outcome.Answer(JsonRpc.result(id, textContent(message + padding)));
    }

    private static Outcome progress(JsonNode id, JsonNode params, JsonNode arguments) {
        OptionalInt steps = intArgument(arguments, "steps", 3, MAX_STEPS);
        OptionalInt intervalMs = intArgument(arguments, "intervalMs", 50, MAX_INTERVAL_MS);
        if (steps.isEmpty() || intervalMs.isEmpty()) {
            return invalid(id, "progress needs 'steps' in 0.." + MAX_STEPS
                    + " and 'intervalMs' in 0.." + MAX_INTERVAL_MS);
        }
        JsonNode token = params.path("_meta").get("progressToken");
        ObjectNode result = JsonRpc.result(id,
                textContent("Completed " + steps.getAsInt() + " steps"));
        return new Outcome.Progress(token == null || token.isNull() ? null : token,
                steps.getAsInt(), Duration.ofMillis(intervalMs.getAsInt()), result);
    }

    /** The argument's value, its default when absent, or empty when it is not an int in range. */
    private static OptionalInt intArgument(JsonNode arguments, String name, int byDefault,
            int max) {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return OptionalInt.of(byDefault);
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()
                || value.intValue() < 0 || value.intValue() > max) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(value.intValue());
    }

    private static ObjectNode textContent(String text) {
        ObjectNode result = JsonRpc.NODES.objectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return result;
    }

    private static Outcome invalid(JsonNode id, String reason) {
        return new Outcome.Answer(
                JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: " + reason));
    }
}
