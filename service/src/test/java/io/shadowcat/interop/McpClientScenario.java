package io.shadowcat.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.InitializeResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * What a real MCP client sees of a Streamable HTTP endpoint that fronts the MCP reference server
 * ({@code @modelcontextprotocol/server-everything}): initialize, tools/list, tools/call {@code echo},
 * progress notifications streamed ahead of a long-running call's result, and session termination.
 *
 * <p>The client is the official MCP Java SDK ({@link McpAsyncClient} over
 * {@link HttpClientStreamableHttpTransport}). A subclass says where the endpoint is; the same
 * scenario runs against the reference server directly and through Shadowcat. Each test opens its
 * own client, and so its own MCP session, and closes it afterwards.
 */
public abstract class McpClientScenario {

    protected static final String ECHO_TOOL = "echo";
    protected static final String LONG_RUNNING_TOOL = "trigger-long-running-operation";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final int PROGRESS_STEPS = 5;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final List<SentRequest> sentRequests = new CopyOnWriteArrayList<>();
    private final List<String> arrivals = new CopyOnWriteArrayList<>();
    private McpAsyncClient client;
    private InitializeResult initialized;

    /** The MCP endpoint under test, e.g. {@code http://127.0.0.1:PORT/mcp}. */
    protected abstract URI endpoint();

    /**
     * The HTTP status for a request that carries a session id after that session was deleted.
     * The MCP specification says 404.
     */
    protected int terminatedSessionStatus() {
        return 404;
    }

    /** The bearer token the client presents on every request, or {@code null} for none. */
    protected String bearerToken() {
        return null;
    }

    /** A request as the SDK's transport sent it: HTTP method and {@code Mcp-Session-Id}, if any. */
    record SentRequest(String method, Optional<String> sessionId) {
    }

    @BeforeEach
    void connect() {
        URI endpoint = endpoint();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(endpoint.resolve("/").toString())
                .endpoint(endpoint.getRawPath())
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    if (bearerToken() != null) {
                        request.header("Authorization", "Bearer " + bearerToken());
                    }
                    sentRequests.add(new SentRequest(method, request.copy().build().headers().firstValue(SESSION_HEADER)));
                })
                .build();
        // The async client runs this consumer on the thread that reads the response stream, in
        // message order; the sync client would hand it to another scheduler and lose that order.
        client = McpClient.async(transport)
                .requestTimeout(TIMEOUT)
                .progressConsumer(progress -> Mono.fromRunnable(() -> arrivals.add(describe(progress))))
                .build();
        initialized = client.initialize().block(TIMEOUT);
    }

    @AfterEach
    void disconnect() {
        client.closeGracefully().block(TIMEOUT);
    }

    @Test
    void initializeOpensASession() {
        assertThat(initialized.protocolVersion()).isNotBlank();
        assertThat(initialized.capabilities().tools()).isNotNull();
        assertThat(sentRequests.get(0)).isEqualTo(new SentRequest("POST", Optional.empty()));
        assertThat(sessionId()).isNotBlank();
    }

    @Test
    void listsTheReferenceTools() {
        List<Tool> tools = client.listTools().block(TIMEOUT).tools();

        assertThat(tools).extracting(Tool::name).contains(ECHO_TOOL, LONG_RUNNING_TOOL);
        Tool longRunning = tools.stream()
                .filter(tool -> tool.name().equals(LONG_RUNNING_TOOL))
                .findFirst().orElseThrow();
        assertThat(longRunning.inputSchema()).extractingByKey("properties")
                .asInstanceOf(InstanceOfAssertFactories.MAP).containsKeys("duration", "steps");
    }

    @Test
    void echoesTheMessage() {
        CallToolResult result = client.callTool(CallToolRequest.builder()
                .name(ECHO_TOOL)
                .arguments(Map.of("message", "hello, shadowcat"))
                .build()).block(TIMEOUT);

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.content()).singleElement()
                .isInstanceOfSatisfying(TextContent.class,
                        text -> assertThat(text.text()).isEqualTo("Echo: hello, shadowcat"));
    }

    @Test
    void streamsProgressBeforeTheResult() {
        CallToolRequest request = CallToolRequest.builder()
                .name(LONG_RUNNING_TOOL)
                .arguments(Map.of("duration", 0.5, "steps", PROGRESS_STEPS))
                .progressToken("long-run")
                .build();

        CallToolResult result = client.callTool(request).doOnNext(done -> arrivals.add("result")).block(TIMEOUT);

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        Stream<String> progress = IntStream.rangeClosed(1, PROGRESS_STEPS)
                .mapToObj(step -> "progress long-run " + step + "/" + PROGRESS_STEPS);
        assertThat(arrivals).containsExactlyElementsOf(Stream.concat(progress, Stream.of("result")).toList());
    }

    @Test
    void closingTheClientDeletesTheSession() throws IOException, InterruptedException {
        String sessionId = sessionId();
        assertThat(ping(sessionId).statusCode()).as("a ping in the open session").isEqualTo(200);

        client.closeGracefully().block(TIMEOUT);

        assertThat(sentRequests).contains(new SentRequest("DELETE", Optional.of(sessionId)));
        HttpResponse<String> afterDelete = ping(sessionId);
        assertThat(afterDelete.statusCode())
                .as("a ping in the deleted session, answered %s", afterDelete.body())
                .isEqualTo(terminatedSessionStatus());
    }

    /** The session id that the client sent after initialize. */
    private String sessionId() {
        return sentRequests.stream().map(SentRequest::sessionId).flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no request carried a session id: " + sentRequests));
    }

    /** A JSON-RPC ping sent by hand in the given session. */
    private HttpResponse<String> ping(String sessionId) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint());
        if (bearerToken() != null) {
            builder.header("Authorization", "Bearer " + bearerToken());
        }
        HttpRequest request = builder
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header(SESSION_HEADER, sessionId)
                .header("MCP-Protocol-Version", initialized.protocolVersion())
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":\"ping-by-hand\",\"method\":\"ping\"}"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String describe(ProgressNotification progress) {
        return "progress " + progress.progressToken() + " " + Math.round(progress.progress()) + "/"
                + (progress.total() == null ? "?" : Math.round(progress.total()));
    }
}
