package io.shadowcat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A bare HTTP client for driving the MCP endpoint the way a user's client would, with full control
 * of headers (Jetty's client lets a test send the hop-by-hop and credential headers it must).
 */
public final class McpTestClient implements AutoCloseable {
    public static final String ACCEPT_BOTH = "application/json, text/event-stream";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = new HttpClient();
    private final URI endpoint;
    private final String bearer;

    public McpTestClient(URI endpoint) throws Exception {
        this(endpoint, null);
    }

    /** A client that sends {@code Authorization: Bearer <bearer>} on every request ({@code null}: none). */
    public McpTestClient(URI endpoint, String bearer) throws Exception {
        this.endpoint = endpoint;
        this.bearer = bearer;
        client.setUserAgentField(null);
        client.start();
    }

    /** A POST carrying {@code json} with the headers a compliant client sends. */
    public Request post(String json) {
        return client.newRequest(endpoint).method(HttpMethod.POST).timeout(10, TimeUnit.SECONDS)
                .headers(h -> authorize(h).put("Accept", ACCEPT_BOTH))
                .body(new StringRequestContent("application/json", json));
    }

    /** A request of any method with no headers of its own. */
    public Request request(HttpMethod method) {
        return client.newRequest(endpoint).method(method).timeout(10, TimeUnit.SECONDS).headers(this::authorize);
    }

    private org.eclipse.jetty.http.HttpFields.Mutable authorize(org.eclipse.jetty.http.HttpFields.Mutable headers) {
        return bearer == null ? headers : headers.put("Authorization", "Bearer " + bearer);
    }

    /** Opens a session with {@code initialize} and returns Shadowcat's session id. */
    public String initialize(String protocolVersion) throws Exception {
        ContentResponse response = post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"" + protocolVersion + "\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}").send();
        if (response.getStatus() != 200) {
            throw new AssertionError("initialize answered " + response.getStatus() + ": " + response.getContentAsString());
        }
        return response.getHeaders().get("Mcp-Session-Id");
    }

    /** Sends {@code request} and returns a reader over the response body as it streams in. */
    public Streaming stream(Request request) throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        org.eclipse.jetty.client.Response response = listener.get(10, TimeUnit.SECONDS);
        return new Streaming(response, new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8)));
    }

    /** A response whose body is read line by line as it arrives. */
    public record Streaming(org.eclipse.jetty.client.Response response, BufferedReader body) {
    }

    /** The JSON-RPC message in a body that is either JSON or a single SSE {@code data:} event. */
    public static JsonNode message(String body) throws Exception {
        String trimmed = body.trim();
        if (trimmed.startsWith("{")) {
            return JSON.readTree(trimmed);
        }
        JsonNode last = null;
        for (String line : trimmed.split("\n")) {
            if (line.startsWith("data:")) {
                last = JSON.readTree(line.substring(5).trim());
            }
        }
        return last;
    }

    public HttpClient http() {
        return client;
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
