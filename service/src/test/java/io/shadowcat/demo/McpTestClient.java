package io.shadowcat.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/** A plain HTTP client for talking MCP to a demo upstream in tests, over real sockets. */
final class McpTestClient implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String SESSION = "Mcp-Session-Id";
    static final String VERSION = "MCP-Protocol-Version";

    private final HttpClient http = new HttpClient();
    private final URI uri;

    McpTestClient(URI uri) throws Exception {
        this.uri = uri;
        http.start();
    }

    /** A request to the MCP endpoint; {@code headers} are name, value pairs. */
    Request request(HttpMethod method, String... headers) {
        return request(uri, method, headers);
    }

    Request request(URI target, HttpMethod method, String... headers) {
        Request request = http.newRequest(target).method(method)
                .timeout(10, TimeUnit.SECONDS).idleTimeout(5, TimeUnit.SECONDS);
        return request.headers(fields -> {
            for (int i = 0; i < headers.length; i += 2) {
                fields.put(headers[i], headers[i + 1]);
            }
        });
    }

    ContentResponse post(String json, String... headers) throws Exception {
        return postRequest(json, headers).send();
    }

    Request postRequest(String json, String... headers) {
        return request(HttpMethod.POST, headers)
                .headers(fields -> fields.put("Accept", "application/json, text/event-stream"))
                .body(new StringRequestContent("application/json", json));
    }

    /** Sends {@code request} and returns a reader of its event stream, once the headers are in. */
    static SseReader stream(Request request) throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        return new SseReader(listener.get(5, TimeUnit.SECONDS), listener.getInputStream());
    }

    /** Initializes a session with {@code version} and returns its id. */
    String initialize(String version) throws Exception {
        ContentResponse response = post(initializeRequest(1, version));
        String session = response.getHeaders().get(SESSION);
        if (response.getStatus() != 200 || session == null) {
            throw new IllegalStateException("initialize failed: " + response.getStatus());
        }
        return session;
    }

    static String initializeRequest(int id, String version) {
        return """
                {"jsonrpc":"2.0","id":%d,"method":"initialize","params":{"protocolVersion":"%s",
                 "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"""
                .formatted(id, version);
    }

    static String echoRequest(int id, String message) {
        return """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call",
                 "params":{"name":"echo","arguments":{"message":"%s"}}}""".formatted(id, message);
    }

    static JsonNode json(ContentResponse response) throws IOException {
        return MAPPER.readTree(response.getContent());
    }

    static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    @Override
    public void close() throws Exception {
        http.stop();
    }
}
