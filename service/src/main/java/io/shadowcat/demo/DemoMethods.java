package io.shadowcat.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Answers the JSON-RPC requests the demo upstream knows: {@code initialize}, {@code ping},
 * {@code tools/list} and {@code tools/call}; any other method is -32601.
 *
 * <p>Sessions are not its business: it decides what to answer, the HTTP edge decides whether the
 * request may be answered at all. Immutable and thread-safe.
 */
final class DemoMethods {
    private static final String SERVER_NAME = "shadowcat-demo";
    private static final String SERVER_VERSION = "1";

    private final DemoTools tools;

    DemoMethods(DemoTools tools) {
        this.tools = tools;
    }

    /** The outcome of request {@code method} with id {@code id}; {@code params} may be null. */
    Outcome call(String method, JsonNode id, JsonNode params) {
        JsonNode parameters = params == null ? JsonRpc.NODES.objectNode() : params;
        return switch (method) {
            case "initialize" -> initialize(id, parameters);
            case "ping" -> new Outcome.Answer(JsonRpc.result(id, JsonRpc.NODES.objectNode()));
            case "tools/list" -> new Outcome.Answer(JsonRpc.result(id, tools.list()));
            case "tools/call" -> tools.call(id, parameters);
            default -> new Outcome.Answer(
                    JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method));
        };
    }

    private static Outcome initialize(JsonNode id, JsonNode params) {
        String version = ProtocolVersions.negotiate(params.path("protocolVersion").textValue());
        ObjectNode result = JsonRpc.NODES.objectNode();
        result.put("protocolVersion", version);
        result.putObject("capabilities").putObject("tools").put("listChanged", false);
        result.putObject("serverInfo").put("name", SERVER_NAME).put("version", SERVER_VERSION);
        return new Outcome.Initialized(JsonRpc.result(id, result), version);
    }
}
