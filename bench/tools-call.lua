-- wrk script: POST an MCP tools/call (echo) in an existing session, as an MCP client would.
-- The session id and bearer token come from the environment (MCP_SESSION, MCP_TOKEN); the protocol
-- version is 2025-11-25.
wrk.method = "POST"
wrk.body = '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello"}}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
wrk.headers["Mcp-Session-Id"] = os.getenv("MCP_SESSION")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MCP_TOKEN")
