package io.shadowcat.protocol;

/** Header names of MCP's Streamable HTTP transport. */
public final class McpHeaders {
    public static final String SESSION_ID = "Mcp-Session-Id";
    public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    public static final String METHOD = "Mcp-Method";
    public static final String NAME = "Mcp-Name";
    public static final String LAST_EVENT_ID = "Last-Event-ID";

    private McpHeaders() {
    }
}
