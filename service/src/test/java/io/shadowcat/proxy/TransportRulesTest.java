package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import java.net.ServerSocket;
import java.net.URI;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every refusal of the Streamable HTTP transport, as the client sees it: the HTTP status, a JSON-RPC
 * error with the request's id, and a message that says what to fix. The upstream is a port nobody
 * listens on, so every request that gets past the checks ends in 502.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TransportRulesTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/single-upstream.yml"),
            ConfigOverride.config("upstreams[0].url", TransportRulesTest::closedPortUrl));
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"ping\"}";

    private McpTestClient client;

    private static String closedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/mcp";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void connect() throws Exception {
        client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"));
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
    }

    private static JsonNode expect(ContentResponse response, int status, int code, String message) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getHeaders().get("Content-Type")).isEqualTo("application/json");
        JsonNode body = McpTestClient.message(response.getContentAsString());
        assertThat(body.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(body.at("/error/code").asInt()).isEqualTo(code);
        assertThat(body.at("/error/message").asText()).contains(message);
        return body;
    }

    @Test
    void acceptMustListJsonAndEventStream() throws Exception {
        JsonNode json = expect(client.post(PING).headers(h -> h.put("Accept", "application/json")).send(), 406, -32006,
                "Accept must list");
        assertThat(json.get("id").asInt()).as("the request's id").isEqualTo(17);
        expect(client.post(PING).headers(h -> h.put("Accept", "text/event-stream")).send(), 406, -32006, "Accept must list");
        JsonNode unreadable = expect(client.post("{\"jsonrpc\":").headers(h -> h.put("Accept", "text/html")).send(), 406,
                -32006, "Accept must list");
        assertThat(unreadable.get("id").isNull()).as("no id to be read").isTrue();
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(20_000) + "\"}}";
        JsonNode tooBigToRead = expect(client.post(big).headers(h -> h.put("Accept", "text/html")).send(), 406, -32006,
                "Accept must list");
        assertThat(tooBigToRead.get("id").isNull()).as("a body over the limit is not read").isTrue();
    }

    @Test
    void theBodyMustBeJson() throws Exception {
        Request request = client.post(PING).body(new StringRequestContent("text/plain", PING));
        JsonNode body = expect(request.send(), 415, -32006, "Content-Type must be application/json, not text/plain");
        assertThat(body.get("id").asInt()).isEqualTo(17);
    }

    @Test
    void oversizedBodiesAre413WhetherDeclaredOrStreamed() throws Exception {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(20_000) + "\"}}";
        expect(client.post(big).send(), 413, -32005, "exceeds 16384 bytes");
        Request chunked = client.post(PING).body(new org.eclipse.jetty.client.AsyncRequestContent("application/json") {
            {
                write(java.nio.ByteBuffer.wrap(big.getBytes()), org.eclipse.jetty.util.Callback.NOOP);
                close();
            }

            @Override
            public long getLength() {
                return -1;
            }
        });
        expect(chunked.send(), 413, -32005, "exceeds 16384 bytes");
    }

    @Test
    void malformedJsonIs400ParseErrorAndKeepsTheIdWhenReadable() throws Exception {
        JsonNode body = expect(client.post("{\"jsonrpc\":\"2.0\",\"id\":31,\"method\":").send(), 400, -32700, "malformed JSON");
        assertThat(body.get("id").asInt()).isEqualTo(31);
        expect(client.post("{\"jsonrpc\":\"2.0\",\"id\":32}").send(), 400, -32600, "needs a \"method\"");
    }

    @Test
    void protocolVersionsOutsideTheSupportedSetAre400() throws Exception {
        JsonNode body = expect(client.post(PING).headers(h -> h.put("MCP-Protocol-Version", "2024-11-05")).send(), 400,
                -32600, "unsupported MCP-Protocol-Version '2024-11-05'");
        assertThat(body.get("id").asInt()).isEqualTo(17);
    }

    @Test
    void foreignOriginsAre403() throws Exception {
        JsonNode body = expect(client.post(PING).headers(h -> h.put("Origin", "https://evil.example")).send(), 403,
                -32003, "Origin https://evil.example is not allowed");
        assertThat(body.get("id").asInt()).isEqualTo(17);
    }

    @Test
    void sessionsAreRequiredAndMustBeGenuine() throws Exception {
        JsonNode missing = expect(client.post(PING).headers(h -> h.put("MCP-Protocol-Version", "2025-06-18")).send(),
                400, -32600, "missing Mcp-Session-Id");
        assertThat(missing.get("id").asInt()).isEqualTo(17);
        expect(client.post(PING).headers(h -> h.put("Mcp-Session-Id", "forged-session")).send(), 404, -32001, "session not found");
        expect(client.request(HttpMethod.DELETE).headers(h -> h.put("Mcp-Session-Id", "forged-session")).send(), 404, -32001, "session not found");
        expect(client.request(HttpMethod.GET).headers(h -> h.put("Accept", "text/event-stream")).send(), 400, -32600, "missing Mcp-Session-Id");
        expect(client.request(HttpMethod.GET).headers(h -> h.put("Accept", "application/json")).send(), 406, -32006, "text/event-stream");
    }

    @Test
    void otherHttpMethodsAre405WithAllow() throws Exception {
        ContentResponse response = client.request(HttpMethod.PUT).send();
        expect(response, 405, -32006, "HTTP method PUT is not served");
        assertThat(response.getHeaders().get("Allow")).isEqualTo("GET, POST, DELETE");
    }

    @Test
    void aRefusedUpstreamIs502WithTheRequestId() throws Exception {
        JsonNode body = expect(client.post("{\"jsonrpc\":\"2.0\",\"id\":\"init-1\",\"method\":\"initialize\",\"params\":{}}").send(),
                502, -32002, "upstream 'scripted' failed: connection refused");
        assertThat(body.get("id").asText()).isEqualTo("init-1");
    }

    @Test
    void otherPathsAreNotTheMcpEndpoint() throws Exception {
        ContentResponse response = client.http().newRequest(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/elsewhere")).send();
        assertThat(response.getStatus()).isEqualTo(404);
    }
}
