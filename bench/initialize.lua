-- wrk script for bench/session-heap: opens sessions and uses each once, as a client that then goes idle.
-- Each connection alternates: an MCP initialize (a new session), then one tools/call in the session the
-- answer named, so the session also gets whatever the proxy keeps for a used session (its rate-limit
-- bucket in the session tier). The bearer token comes from the environment (MCP_TOKEN).
local initialize = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"wrk","version":"1"}}}'
local call = '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello"}}}'
local opened = {}

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MCP_TOKEN")

request = function()
  local session = table.remove(opened)
  if session then
    -- wrk.format takes these headers instead of wrk.headers, so they are all named again.
    local headers = {["Mcp-Session-Id"] = session, ["MCP-Protocol-Version"] = "2025-11-25"}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    return wrk.format(nil, nil, headers, call)
  end
  return wrk.format(nil, nil, nil, initialize)
end

response = function(status, headers, body)
  local session = headers["Mcp-Session-Id"] or headers["mcp-session-id"]
  if session then
    table.insert(opened, session)
  end
end
