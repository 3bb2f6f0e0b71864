package io.shadowcat;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code server config.yml} with the shipped default, as a user runs it on a fresh machine: the proxy
 * in front of its in-process demo upstream answers the README's session. Only the ports are moved to
 * free ones (and JFR dumps to a temporary folder), so the test runs beside anything on 8080/8081.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DefaultConfigTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, Path.of("..", "config.yml").toString(),
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("jfr.dumpDirectory", DefaultConfigTest::tempDir),
            ConfigOverride.config("auth.keys.path", DefaultConfigTest::devKeyFile));
    private static Path devKey;

    private static String devKeyFile() {
        if (devKey == null) {
            devKey = Path.of(tempDir(), "shadowcat-dev-key.json");
        }
        return devKey.toString();
    }

    /** What the README's {@code token} command prints: a token signed with the generated development key. */
    private static String token(String subject) throws Exception {
        io.shadowcat.auth.JwtAuthFactory auth = (io.shadowcat.auth.JwtAuthFactory) APP.getConfiguration().getAuth();
        return io.shadowcat.auth.DevelopmentKeys.mint(io.shadowcat.auth.DevelopmentKeys.loadOrCreate(devKey), auth.getIssuer(),
                auth.getResource().toString(), subject, auth.getRequiredScopes(), java.time.Duration.ofMinutes(5),
                java.time.Clock.systemUTC());
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("shadowcat-default").toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutATokenTheProxyAsksForOne() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            ContentResponse response = client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").send();
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getHeaders().get("WWW-Authenticate")).isEqualTo("Bearer resource_metadata="
                    + "\"http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp\", scope=\"mcp\"");
        }
    }

    @Test
    void theReadmeSessionWorksAgainstTheEmbeddedDemo() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"), token("me"))) {
            String session = client.initialize("2025-11-25");
            assertThat(session).isNotBlank();
            assertThat(client.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send().getStatus())
                    .isEqualTo(202);

            ContentResponse list = client.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            assertThat(McpTestClient.message(list.getContentAsString()).at("/result/tools").findValuesAsText("name"))
                    .contains("echo", "progress");

            ContentResponse call = client.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hello\"}}}")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            assertThat(call.getStatus()).isEqualTo(200);
            JsonNode result = McpTestClient.message(call.getContentAsString());
            assertThat(result.get("id").asInt()).isEqualTo(3);
            assertThat(result.at("/result/content/0/text").asText()).contains("hello");

            McpTestClient.Streaming progress = client.stream(client.post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"progress\",\"arguments\":{\"steps\":3,\"intervalMs\":20},\"_meta\":{\"progressToken\":\"p1\"}}}")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")));
            assertThat(progress.response().getHeaders().get("Content-Type")).startsWith("text/event-stream");
            List<String> messages = new ArrayList<>();
            String line;
            while ((line = progress.body().readLine()) != null) {
                if (line.startsWith("data:")) {
                    messages.add(line);
                }
            }
            assertThat(messages).hasSize(4);
            assertThat(messages.subList(0, 3)).allMatch(m -> m.contains("notifications/progress"));
            assertThat(messages.get(3)).contains("\"id\":4", "\"result\"");

            assertThat(client.request(HttpMethod.DELETE).headers(h -> h.put("Mcp-Session-Id", session)).send().getStatus())
                    .isEqualTo(200);
            assertThat(client.post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}")
                    .headers(h -> h.put("Mcp-Session-Id", session)).send().getStatus()).isEqualTo(404);
        }
    }

    @Test
    void theAdminPortServesHealthAndPrometheus() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            String admin = "http://127.0.0.1:" + APP.getAdminPort();
            ContentResponse health = client.http().GET(admin + "/healthcheck");
            assertThat(health.getStatus()).isEqualTo(200);
            assertThat(health.getContentAsString()).contains("\"upstreams\"", "\"healthy\":true", "demo=http://127.0.0.1:");
            assertThat(health.getContentAsString()).contains("healthy/closed");
            assertThat(client.http().GET(admin + "/prometheus").getContentAsString()).contains("shadowcat_requests_inflight",
                    "shadowcat_upstream_inflight{upstream=\"demo\"}", "shadowcat_upstream_pool_connections_max{upstream=\"demo\"} 128",
                    "shadowcat_upstream_pool_connections_active{upstream=\"demo\"}",
                    "shadowcat_upstream_errors_total{kind=\"connect\",upstream=\"demo\"} 0",
                    "shadowcat_upstream_breaker_state{upstream=\"demo\"} 0", "shadowcat_upstream_healthy{upstream=\"demo\"} 1");
        }
    }
}
