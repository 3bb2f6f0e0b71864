package io.shadowcat.demo;

import static io.shadowcat.demo.McpTestClient.SESSION;
import static io.shadowcat.demo.McpTestClient.VERSION;
import static io.shadowcat.demo.McpTestClient.echoRequest;
import static io.shadowcat.demo.McpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JSON-RPC methods and tools of the demo upstream, with its default options. */
@Timeout(30)
class DemoUpstreamToolsTest {
    private static DemoUpstreamServer server;
    private static McpTestClient client;
    private static String session;

    @BeforeAll
    static void start() throws Exception {
        server = new DemoUpstreamServer("127.0.0.1", 0, DemoUpstreamOptions.defaults());
        server.start();
        client = new McpTestClient(server.uri());
        session = client.initialize("2025-03-26");
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.stop();
    }

    private static ContentResponse call(String json) throws Exception {
        return client.post(json, SESSION, session);
    }

    @Test
    void pingAnswersAnEmptyResult() throws Exception {
        ContentResponse response = call("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response))
                .isEqualTo(json("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}}"));
    }

    @Test
    void toolsListDescribesEchoAndProgress() throws Exception {
        JsonNode tools = json(call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"))
                .at("/result/tools");

        assertThat(tools).hasSize(2);
        JsonNode echo = tools.get(0);
        assertThat(echo.get("name").asText()).isEqualTo("echo");
        assertThat(echo.at("/inputSchema/type").asText()).isEqualTo("object");
        assertThat(echo.at("/inputSchema/properties/message/type").asText()).isEqualTo("string");
        assertThat(echo.at("/inputSchema/required/0").asText()).isEqualTo("message");
        JsonNode progress = tools.get(1);
        assertThat(progress.get("name").asText()).isEqualTo("progress");
        assertThat(progress.at("/inputSchema/properties/steps/type").asText()).isEqualTo("integer");
        assertThat(progress.at("/inputSchema/properties/steps/default").asInt()).isEqualTo(3);
        assertThat(progress.at("/inputSchema/properties/intervalMs/type").asText())
                .isEqualTo("integer");
        assertThat(progress.at("/inputSchema/properties/intervalMs/default").asInt()).isEqualTo(50);
    }

    @Test
    void echoReturnsTheMessageAsTextContent() throws Exception {
        JsonNode body = json(call(echoRequest(4, "hello")));

        assertThat(body.get("id").asInt()).isEqualTo(4);
        assertThat(body.at("/result/content")).hasSize(1);
        assertThat(body.at("/result/content/0/type").asText()).isEqualTo("text");
        assertThat(body.at("/result/content/0/text").asText()).isEqualTo("hello");
    }

    @Test
    void echoWithoutAMessageIsInvalidParams() throws Exception {
        JsonNode body = json(call("""
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo"}}"""));

        assertThat(body.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(body.get("id").asInt()).isEqualTo(5);
    }

    @Test
    void anUnknownToolIsInvalidParams() throws Exception {
        ContentResponse response = call("""
                {"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"nope"}}""");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(json(response).at("/error/message").asText()).contains("nope");
    }

    @Test
    void anUnknownMethodIsMethodNotFound() throws Exception {
        JsonNode body = json(call("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/list\"}"));

        assertThat(body.at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(body.get("id").asInt()).isEqualTo(7);
    }

    @Test
    void aBatchIsAnsweredWithOneArrayOfItsRequestsAnswers() throws Exception {
        ContentResponse response = call("""
                [{"jsonrpc":"2.0","id":1,"method":"ping"},
                 {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":0}},
                 {"jsonrpc":"2.0","id":2,"method":"tools/call",
                  "params":{"name":"echo","arguments":{"message":"b"}}}]""");

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode answers = json(response);
        assertThat(answers.isArray()).isTrue();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).get("id").asInt()).isEqualTo(1);
        assertThat(answers.get(1).at("/result/content/0/text").asText()).isEqualTo("b");
    }

    @Test
    void aBatchOfNotificationsIsAccepted() throws Exception {
        ContentResponse response =
                call("[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]");

        assertThat(response.getStatus()).isEqualTo(202);
    }

    @Test
    void batchesAreRefusedAfter2025_03_26() throws Exception {
        String later = client.initialize("2025-06-18");

        ContentResponse response = client.post(
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]",
                SESSION, later, VERSION, "2025-06-18");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(json(response).at("/error/code").asInt()).isEqualTo(-32600);
    }
}
