package io.shadowcat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.testing.McpTestClient;
import io.shadowcat.testing.ScriptedUpstream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The policy through the real proxy in front of an upstream that answers lists in JSON or as SSE: a
 * denied tool is absent from {@code tools/list} and refused on {@code tools/call}, a canned response never
 * reaches the upstream, header edits reach it, and decisions are counted in Prometheus.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PolicyThroughProxyTest {
    private static final String TOOLS = "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":["
            + "{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}},"
            + "{\"name\":\"delete_user\",\"inputSchema\":{\"type\":\"object\"}},"
            + "{\"name\":\"weather\",\"inputSchema\":{\"type\":\"object\"}},"
            + "{\"name\":\"delete_all\",\"inputSchema\":{\"type\":\"object\"}}]}}";
    private static final String PROMPTS = "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"prompts\":["
            + "{\"name\":\"greeting\"},{\"name\":\"secret\"}]}}";
    private static final ScriptedUpstream UPSTREAM = scripted();
    private static final List<String> BODIES = new CopyOnWriteArrayList<>();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/policy-proxy.yml"),
            ConfigOverride.config("upstreams[0].url", () -> UPSTREAM.endpoint().toString()));

    private static ScriptedUpstream scripted() {
        try {
            ScriptedUpstream upstream = ScriptedUpstream.start();
            upstream.behave((request, response, callback) -> {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                BODIES.add(body);
                if (body.contains("\"huge\"")) {
                    // A list over the 16 MiB the filter holds: one tool with a description of 16 MiB.
                    response.setStatus(200);
                    response.getHeaders().put("Content-Type", "application/json");
                    try (OutputStream out = Content.Sink.asOutputStream(response)) {
                        out.write("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"echo\",\"description\":\""
                                .getBytes(StandardCharsets.UTF_8));
                        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
                        for (int i = 0; i < 16 * 16; i++) {
                            out.write(chunk);
                        }
                        out.write("\"}]}}".getBytes(StandardCharsets.UTF_8));
                    } catch (java.io.IOException gone) {
                        // The proxy stops reading a list it cannot filter and closes the connection.
                    }
                    callback.succeeded();
                    return;
                }
                String answer = body.contains("tools/list") ? TOOLS : body.contains("prompts/list") ? PROMPTS
                        : "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"called\":true}}";
                if (!body.contains("\"sse\"")) {
                    ScriptedUpstream.json(response, callback, 200, answer);
                    return;
                }
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "text/event-stream");
                try (OutputStream out = Content.Sink.asOutputStream(response)) {
                    out.write(("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                            + "\"params\":{\"progressToken\":\"t\",\"progress\":1}}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    // The result event arrives split over two writes.
                    String event = "id: 7\nevent: message\ndata: " + answer + "\n\n";
                    out.write(event.substring(0, 40).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    out.write(event.substring(40).getBytes(StandardCharsets.UTF_8));
                }
                callback.succeeded();
            });
            return upstream;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        UPSTREAM.close();
    }

    @BeforeEach
    void forget() {
        BODIES.clear();
    }

    private McpTestClient client() throws Exception {
        return new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"));
    }

    private static ContentResponse send(McpTestClient client, String json) throws Exception {
        return client.post(json).headers(h -> h.put("MCP-Protocol-Version", "2026-07-28")
                .put("Mcp-Method", json.replaceAll(".*\"method\":\"([^\"]+)\".*", "$1"))
                .put("Mcp-Name", json.contains("\"name\"") ? json.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1") : "")
                .put("X-Debug", "1")).send();
    }

    private static List<String> names(JsonNode list, String field) {
        return list.findValues(field).stream().flatMap(array -> java.util.stream.StreamSupport.stream(array.spliterator(), false))
                .map(entry -> entry.get("name").asText()).toList();
    }

    @Test
    void aDeniedToolIsAbsentFromAJsonToolsList() throws Exception {
        try (McpTestClient client = client()) {
            ContentResponse list = send(client, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            assertThat(list.getStatus()).isEqualTo(200);
            assertThat(list.getHeaders().get("Content-Type")).startsWith("application/json");
            JsonNode message = McpTestClient.message(list.getContentAsString());
            assertThat(names(message, "tools")).containsExactly("echo", "weather");
            assertThat(message.at("/result/tools/0/inputSchema/type").asText()).isEqualTo("object");
        }
    }

    @Test
    void aDeniedToolIsAbsentFromAnSseToolsListAndOtherEventsPassUntouched() throws Exception {
        try (McpTestClient client = client()) {
            ContentResponse list = send(client, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"cursor\":\"sse\"}}");
            assertThat(list.getStatus()).isEqualTo(200);
            assertThat(list.getHeaders().get("Content-Type")).startsWith("text/event-stream");
            String body = list.getContentAsString();
            assertThat(body).startsWith("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"")
                    .contains("id: 7\nevent: message\ndata: ").doesNotContain("delete_");
            assertThat(names(McpTestClient.message(body), "tools")).containsExactly("echo", "weather");
        }
    }

    @Test
    void aListTooLargeToFilterIsRefusedWithItsIdAndTheProxyServesOn() throws Exception {
        try (McpTestClient client = client()) {
            ContentResponse list = send(client, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"cursor\":\"huge\"}}");
            assertThat(list.getStatus()).isEqualTo(502);
            JsonNode error = McpTestClient.message(list.getContentAsString());
            assertThat(error.get("id").asInt()).isEqualTo(2);
            assertThat(error.at("/error/code").asInt()).isEqualTo(JsonRpcError.UPSTREAM_UNAVAILABLE);
            assertThat(error.at("/error/message").asText()).contains("cannot be filtered");
        }
        try (McpTestClient client = client()) {
            ContentResponse list = send(client, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
            assertThat(list.getStatus()).isEqualTo(200);
            assertThat(names(McpTestClient.message(list.getContentAsString()), "tools")).containsExactly("echo", "weather");
        }
    }

    @Test
    void aDeniedPromptIsAbsentFromPromptsList() throws Exception {
        try (McpTestClient client = client()) {
            JsonNode json = McpTestClient.message(send(client, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/list\"}")
                    .getContentAsString());
            assertThat(names(json, "prompts")).containsExactly("greeting");
            JsonNode sse = McpTestClient.message(send(client,
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/list\",\"params\":{\"cursor\":\"sse\"}}").getContentAsString());
            assertThat(names(sse, "prompts")).containsExactly("greeting");
        }
    }

    @Test
    void aDeniedToolIsRefusedOnToolsCallWithTheRuleNamedAndNeverReachesTheUpstream() throws Exception {
        try (McpTestClient client = client()) {
            ContentResponse call = send(client, "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":\"delete_user\"}}");
            assertThat(call.getStatus()).isEqualTo(403);
            JsonNode error = McpTestClient.message(call.getContentAsString());
            assertThat(error.get("id").asInt()).isEqualTo(41);
            assertThat(error.at("/error/code").asInt()).isEqualTo(-32003);
            assertThat(error.at("/error/message").asText()).isEqualTo("denied by policy rule 'no-deletes'");
            ContentResponse prompt = send(client, "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"prompts/get\",\"params\":{\"name\":\"secret\"}}");
            assertThat(prompt.getStatus()).isEqualTo(404);
            assertThat(McpTestClient.message(prompt.getContentAsString()).at("/error/message").asText()).isEqualTo("no such prompt");
            assertThat(BODIES).isEmpty();
        }
    }

    @Test
    void aCannedResponseCarriesTheRequestIdAndNeverReachesTheUpstream() throws Exception {
        try (McpTestClient client = client()) {
            ContentResponse call = send(client, "{\"jsonrpc\":\"2.0\",\"id\":\"w-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"weather\"}}");
            assertThat(call.getStatus()).isEqualTo(200);
            assertThat(call.getContentAsString())
                    .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"w-1\",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"sunny\"}]}}");
            assertThat(BODIES).isEmpty();
        }
    }

    @Test
    void headerEditsReachTheUpstreamAndDecisionsAreCounted() throws Exception {
        try (McpTestClient client = client()) {
            int before = UPSTREAM.received().size();
            ContentResponse call = send(client, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}");
            assertThat(call.getStatus()).isEqualTo(200);
            HttpFields upstream = UPSTREAM.received().get(before);
            assertThat(upstream.get("X-Tenant")).isEqualTo("acme");
            assertThat(upstream.contains("X-Debug")).isFalse();
            send(client, "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":\"delete_user\"}}");
            String metrics = client.http().GET("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus").getContentAsString();
            assertThat(metrics).containsPattern("shadowcat_policy_decisions_total\\{outcome=\"headers\",rule=\"tenant\"} [1-9]")
                    .containsPattern("shadowcat_policy_decisions_total\\{outcome=\"deny\",rule=\"no-deletes\"} [1-9]");
        }
    }
}
