package io.shadowcat.proxy;

import io.shadowcat.testing.McpTestClient;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.ContentResponse;

/** {@code tools/call echo} through the proxy in the session-less protocol, as the load-shedding tests send it. */
final class EchoCalls {
    private EchoCalls() {
    }

    static ContentResponse call(McpTestClient client, int id) throws Exception {
        return client.post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                        + "\"arguments\":{\"message\":\"m" + id + "\"}}}")
                .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "tools/call").put("Mcp-Name", "echo"))
                .send();
    }

    static CompletableFuture<ContentResponse> callAsync(McpTestClient client, int id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call(client, id);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static String errorMessage(ContentResponse response) throws Exception {
        return McpTestClient.message(response.getContentAsString()).at("/error/message").asText();
    }
}
