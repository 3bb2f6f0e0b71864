package io.shadowcat.demo;

import static io.shadowcat.demo.McpTestClient.SESSION;
import static io.shadowcat.demo.McpTestClient.VERSION;
import static io.shadowcat.demo.McpTestClient.echoRequest;
import static io.shadowcat.demo.McpTestClient.initializeRequest;
import static io.shadowcat.demo.McpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Streamable HTTP transport of the demo upstream: sessions, status codes, protocol eras. */
@Timeout(30)
class DemoUpstreamTransportTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";

    private static DemoUpstreamServer server;
    private static McpTestClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new DemoUpstreamServer("127.0.0.1", 0, DemoUpstreamOptions.defaults());
        server.start();
        client = new McpTestClient(server.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.stop();
    }

    @Test
    void listensOnLoopbackAtMcp() {
        URI uri = server.uri();
        assertThat(uri.getScheme()).isEqualTo("http");
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        assertThat(uri.getPort()).isPositive();
        assertThat(uri.getPath()).isEqualTo("/mcp");
    }

    @Test
    void initializeIssuesASessionAndAnswersWithTheRequestedVersion() throws Exception {
        ContentResponse response = client.post(initializeRequest(1, "2025-06-18"));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getMediaType()).isEqualTo("application/json");
        assertThat(response.getHeaders().get(SESSION)).isNotBlank();
        JsonNode body = json(response);
        assertThat(body.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(body.get("id").asInt()).isEqualTo(1);
        JsonNode result = body.get("result");
        assertThat(result.get("protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(result.at("/capabilities/tools/listChanged").asBoolean(true)).isFalse();
        assertThat(result.at("/serverInfo/name").asText()).isEqualTo("shadowcat-demo");
        assertThat(result.at("/serverInfo/version").asText()).isEqualTo("1");
    }

    @Test
    void initializeOffersTheLatestSessionBasedVersionForAnUnknownOne() throws Exception {
        ContentResponse response = client.post(initializeRequest(1, "1999-01-01"));

        assertThat(json(response).at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
    }

    @Test
    void everyInitializeIssuesItsOwnSession() throws Exception {
        assertThat(client.initialize("2025-11-25")).isNotEqualTo(client.initialize("2025-11-25"));
    }

    @Test
    void aRequestWithoutASessionIs400WithTheRequestId() throws Exception {
        ContentResponse response = client.post(PING);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(json(response).get("id").asInt()).isEqualTo(7);
        assertThat(json(response).at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void anUnknownSessionIs404WithTheRequestId() throws Exception {
        ContentResponse response = client.post(PING, SESSION, "no-such-session");

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(json(response).get("id").asInt()).isEqualTo(7);
        assertThat(json(response).at("/error/code").asInt()).isEqualTo(-32001);
    }

    @Test
    void deleteEndsTheSession() throws Exception {
        String session = client.initialize("2025-03-26");
        assertThat(client.post(PING, SESSION, session).getStatus()).isEqualTo(200);

        ContentResponse deleted = client.request(HttpMethod.DELETE, SESSION, session).send();

        assertThat(deleted.getStatus()).isEqualTo(200);
        assertThat(client.post(PING, SESSION, session).getStatus()).isEqualTo(404);
        assertThat(client.request(HttpMethod.DELETE, SESSION, session).send().getStatus())
                .isEqualTo(404);
    }

    @Test
    void deleteWithoutASessionIs400() throws Exception {
        assertThat(client.request(HttpMethod.DELETE).send().getStatus()).isEqualTo(400);
    }

    @Test
    void notificationsAndResponsesAreAcceptedWithoutABody() throws Exception {
        String session = client.initialize("2025-11-25");

        ContentResponse notification = client.post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", SESSION, session);
        ContentResponse reply = client.post(
                "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{}}", SESSION, session);

        assertThat(notification.getStatus()).isEqualTo(202);
        assertThat(notification.getContent()).isEmpty();
        assertThat(reply.getStatus()).isEqualTo(202);
        assertThat(reply.getContent()).isEmpty();
    }

    @Test
    void malformedJsonIs400ParseError() throws Exception {
        String session = client.initialize("2025-11-25");

        ContentResponse response = client.post("{\"jsonrpc\":\"2.0\",", SESSION, session);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(json(response).at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(json(response).get("id").isNull()).isTrue();
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        String session = client.initialize("2025-11-25");
        String huge = echoRequest(1, "x".repeat(DemoMcpHandler.MAX_BODY_BYTES));
        CompletableFuture<Result> done = new CompletableFuture<>();
        BufferingResponseListener listener = new BufferingResponseListener() {
            @Override
            public void onComplete(Result result) {
                done.complete(result);
            }
        };

        // With 100-continue the refusal comes before the body is sent (the client then reports
        // its request as failed: "Expectation failed"); without, it would meet a closed socket.
        client.postRequest(huge, SESSION, session, "Expect", "100-continue").send(listener);
        Result result = done.get(10, TimeUnit.SECONDS);

        assertThat(result.getResponse().getStatus()).isEqualTo(413);
        assertThat(json(listener.getContentAsString()).at("/error/code").asInt()).isEqualTo(-32000);
    }

    @Test
    void anUnsupportedProtocolVersionHeaderIs400() throws Exception {
        String session = client.initialize("2025-11-25");

        ContentResponse response = client.post(PING, SESSION, session, VERSION, "1999-01-01");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asText()).contains("1999-01-01");
    }

    @Test
    void sessionlessRequestsNeedNeitherInitializeNorASession() throws Exception {
        ContentResponse response = client.post(echoRequest(3, "hi"), VERSION, "2026-07-28");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get(SESSION)).isNull();
        assertThat(json(response).at("/result/content/0/text").asText()).isEqualTo("hi");
    }

    @Test
    void sessionlessInitializeIssuesNoSession() throws Exception {
        ContentResponse response =
                client.post(initializeRequest(1, "2026-07-28"), VERSION, "2026-07-28");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get(SESSION)).isNull();
        assertThat(json(response).at("/result/protocolVersion").asText()).isEqualTo("2026-07-28");
    }

    @Test
    void sessionlessGetAndDeleteAre405() throws Exception {
        ContentResponse get = client.request(HttpMethod.GET, VERSION, "2026-07-28",
                "Accept", "text/event-stream").send();
        ContentResponse delete = client.request(HttpMethod.DELETE, VERSION, "2026-07-28").send();

        assertThat(get.getStatus()).isEqualTo(405);
        assertThat(get.getHeaders().get("Allow")).isEqualTo("POST");
        assertThat(delete.getStatus()).isEqualTo(405);
    }

    @Test
    void otherHttpMethodsAre405() throws Exception {
        ContentResponse response = client.request(HttpMethod.PUT).send();

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeaders().get("Allow")).isEqualTo("GET, POST, DELETE");
    }

    @Test
    void otherPathsAre404() throws Exception {
        URI other = server.uri().resolve("/other");

        assertThat(client.request(other, HttpMethod.POST).send().getStatus()).isEqualTo(404);
    }
}
