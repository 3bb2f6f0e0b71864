package io.shadowcat.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 messages as Jackson trees, and the error codes the demo upstream uses. Stateless;
 * every method returns a new tree.
 */
final class JsonRpc {
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    /** Transport-level refusals (405, 406, 413, 503), as the MCP TypeScript SDK reports them. */
    static final int SERVER_ERROR = -32000;
    /** An unknown or terminated {@code Mcp-Session-Id}, as the MCP TypeScript SDK reports it. */
    static final int SESSION_NOT_FOUND = -32001;

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonRpc() {
    }

    static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode message = envelope(id);
        message.set("result", result);
        return message;
    }

    /** An error answer; {@code id} may be null when the request's id is unknown. */
    static ObjectNode error(JsonNode id, int code, String text) {
        ObjectNode error = NODES.objectNode();
        error.put("code", code);
        error.put("message", text);
        ObjectNode message = envelope(id);
        message.set("error", error);
        return message;
    }

    static ObjectNode notification(String method, JsonNode params) {
        ObjectNode message = NODES.objectNode();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        message.set("params", params);
        return message;
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode message = NODES.objectNode();
        message.put("jsonrpc", "2.0");
        message.set("id", id == null ? NullNode.getInstance() : id);
        return message;
    }
}
