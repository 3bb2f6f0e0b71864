package io.shadowcat.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rate limits through the real proxy in front of the demo upstream: a global tier of 2 per hour admits two
 * calls with their quota headers, then answers 429 with Retry-After, the quota headers and a JSON-RPC
 * error carrying the request id, and counts the refusal by tier. On the real clock the waits are checked
 * within a minute; their exact values are checked on a manual clock in {@link RateLimitCheckTest}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitThroughProxyTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/ratelimit-proxy.yml"));

    private static ContentResponse call(McpTestClient client, int id) throws Exception {
        return client.post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}")
                .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "tools/call")
                        .put("Mcp-Name", "echo")).send();
    }

    @Test
    void theThirdCallInAnHourIsRefusedWithExactHeaders() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            ContentResponse first = call(client, 1);
            assertThat(first.getStatus()).isEqualTo(200);
            assertThat(first.getHeaders().get("RateLimit-Policy")).isEqualTo("\"global\";q=2;w=3600");
            assertThat(first.getHeaders().get("RateLimit")).isEqualTo("\"global\";r=1;t=1800");
            ContentResponse second = call(client, 2);
            assertThat(second.getStatus()).isEqualTo(200);
            assertThat(second.getHeaders().get("RateLimit")).isEqualTo("\"global\";r=0;t=3600");

            ContentResponse third = call(client, 3);
            assertThat(third.getStatus()).isEqualTo(429);
            // One token per 1800 s, the first taken a moment ago on the real clock (exact values: RateLimitCheckTest).
            String retryAfter = third.getHeaders().get("Retry-After");
            assertThat(Long.parseLong(retryAfter)).isBetween(1740L, 1800L);
            assertThat(third.getHeaders().get("RateLimit-Policy")).isEqualTo("\"global\";q=2;w=3600");
            assertThat(third.getHeaders().get("RateLimit")).isEqualTo("\"global\";r=0;t=" + retryAfter);
            JsonNode error = McpTestClient.message(third.getContentAsString());
            assertThat(error.get("id").asInt()).isEqualTo(3);
            assertThat(error.at("/error/code").asInt()).isEqualTo(-32008);
            assertThat(error.at("/error/message").asText())
                    .isEqualTo("rate limit exceeded (global tier); retry after " + retryAfter + " s");

            String metrics = client.http().GET("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus").getContentAsString();
            assertThat(metrics).contains("shadowcat_ratelimit_rejected_total{tier=\"global\"} 1.0")
                    .contains("shadowcat_requests_total{method=\"tools/call\",status=\"429\"} 1.0");
        }
    }
}
