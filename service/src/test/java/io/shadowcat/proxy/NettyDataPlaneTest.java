package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.Endpoint;
import io.shadowcat.testing.McpTestClient;
import io.netty.channel.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Netty data plane ({@code proxy.dataPlane: netty}) in front of the embedded demo upstream: which requests it
 * serves on its event loops and which it passes to Jetty, answers in order on a connection, and requests its
 * decoder refuses. The whole endpoint suite also runs against this data plane (the build's second test run). Its own
 * override prefix: the Netty plane in both test runs, whatever the run's {@code dw.proxy.dataPlane}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class NettyDataPlaneTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/netty-data-plane.yml"), "netty",
            // Short, so that Jetty's side (twice this) closes an idle connection within a test.
            ConfigOverride.config("netty", "server.applicationConnectors[0].idleTimeout", "400ms"));

    private static NettyDataPlane plane() {
        return ((ShadowcatApplication) APP.getApplication()).dataPlane().orElseThrow();
    }

    private static URI endpoint() {
        return URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp");
    }

    @Test
    void mcpRequestsAreServedOnTheLoopAndOtherPathsByJetty() throws Exception {
        assertThat(Endpoint.port(APP)).as("clients connect to the data plane, not to Jetty").isNotEqualTo(APP.getLocalPort());
        try (McpTestClient client = new McpTestClient(endpoint())) {
            long jetty = plane().requestsToJetty();
            long beforeInitialize = plane().requestsOnLoop();
            String session = client.initialize("2025-11-25");
            assertThat(plane().requestsOnLoop()).as("initialize is served on the loop").isGreaterThan(beforeInitialize);
            assertThat(plane().requestsToJetty()).as("initialize does not go to Jetty").isEqualTo(jetty);
            long loop = plane().requestsOnLoop();

            ContentResponse call = client.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                            + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"on the loop\"}}}")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            assertThat(call.getStatus()).as(call.getContentAsString()).isEqualTo(200);
            JsonNode result = McpTestClient.message(call.getContentAsString());
            assertThat(result.get("id").asInt()).isEqualTo(3);
            assertThat(result.at("/result/content/0/text").asText()).startsWith("on the loop");
            assertThat(call.getHeaders().get("Mcp-Session-Id")).as("the upstream's session id stays behind").isNull();
            assertThat(call.getHeaders().get("Date")).as("a forwarded answer carries the proxy's Date").isNotNull();
            assertThat(plane().requestsOnLoop()).as("tools/call in a session is served on the loop").isEqualTo(loop + 1);

            ContentResponse list = client.post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            assertThat(list.getStatus()).isEqualTo(200);
            assertThat(McpTestClient.message(list.getContentAsString()).at("/result/tools/0/name").asText()).isEqualTo("echo");
            assertThat(plane().requestsOnLoop()).as("lists are served (and filtered) on the loop").isEqualTo(loop + 2);

            ContentResponse other = client.http().GET("http://127.0.0.1:" + Endpoint.port(APP) + "/not-mcp");
            assertThat(other.getStatus()).isEqualTo(404);
            assertThat(plane().requestsToJetty()).as("other paths go to Jetty").isEqualTo(jetty + 1);

            ContentResponse malformed = client.post("{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            assertThat(malformed.getStatus()).isEqualTo(400);
            JsonNode parseError = McpTestClient.message(malformed.getContentAsString());
            assertThat(parseError.get("id").asInt()).isEqualTo(41);
            assertThat(parseError.at("/error/code").asInt()).isEqualTo(-32700);
            assertThat(parseError.at("/error/message").asText()).startsWith("malformed JSON at line 1, column ");
            assertThat(plane().requestsOnLoop()).as("a malformed body is refused on the loop").isEqualTo(loop + 3);
            loop++;

            ContentResponse unknown = client.post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}")
                    .headers(h -> h.put("Mcp-Session-Id", "not-a-session").put("MCP-Protocol-Version", "2025-11-25")).send();
            assertThat(unknown.getStatus()).isEqualTo(404);
            JsonNode error = McpTestClient.message(unknown.getContentAsString());
            assertThat(error.get("id").asInt()).isEqualTo(5);
            assertThat(error.at("/error/code").asInt()).isEqualTo(-32001);
            assertThat(plane().requestsOnLoop()).as("refused on the loop too").isEqualTo(loop + 3);

            McpTestClient.Streaming stream = client.stream(client.request(HttpMethod.GET)
                    .headers(h -> h.put("Accept", "text/event-stream").put("Mcp-Session-Id", session)
                            .put("MCP-Protocol-Version", "2025-11-25")));
            assertThat(stream.response().getStatus()).isEqualTo(200);
            assertThat(stream.response().getHeaders().get("Content-Type")).startsWith("text/event-stream");
            assertThat(plane().requestsOnLoop()).as("the standalone GET stream is served on the loop").isEqualTo(loop + 4);
            stream.response().abort(new java.io.IOException("done with the stream"));

            ContentResponse deleted = client.request(HttpMethod.DELETE)
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            assertThat(deleted.getStatus()).isEqualTo(200);
            assertThat(plane().requestsOnLoop()).as("DELETE is served on the loop").isEqualTo(loop + 5);
            ContentResponse after = client.post("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            assertThat(after.getStatus()).as("the session ended with its DELETE").isEqualTo(404);
            assertThat(plane().requestsToJetty()).as("none of them went to Jetty").isEqualTo(jetty + 1);
        }
    }

    @Test
    void aBatchOfAnOlderProtocolVersionIsServedOnTheLoop() throws Exception {
        try (McpTestClient client = new McpTestClient(endpoint())) {
            String session = client.initialize("2025-03-26");
            long loop = plane().requestsOnLoop();
            long jetty = plane().requestsToJetty();
            ContentResponse batch = client.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
                            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                            + "\"arguments\":{\"message\":\"in a batch\"}}}]")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-03-26")).send();
            assertThat(batch.getStatus()).as(batch.getContentAsString()).isEqualTo(200);
            JsonNode answers = new com.fasterxml.jackson.databind.ObjectMapper().readTree(batch.getContentAsString());
            assertThat(answers.isArray()).isTrue();
            assertThat(answers).hasSize(2);
            assertThat(answers.get(1).at("/result/content/0/text").asText()).contains("in a batch");
            assertThat(plane().requestsOnLoop()).isEqualTo(loop + 1);
            assertThat(plane().requestsToJetty()).isEqualTo(jetty);
        }
    }

    @Test
    void aCallOnTheLoopOutlivesTheIdleConnectionToJettyBesideIt() throws Exception {
        try (McpTestClient client = new McpTestClient(endpoint())) {
            // A request for another path goes to Jetty over this client connection's own connection to it, which then
            // idles while the call below streams on the loop for longer than Jetty's idle timeout (800 ms): Jetty
            // closes it.
            String session = client.initialize("2025-11-25");
            String notMcp = "http://127.0.0.1:" + Endpoint.port(APP) + "/not-mcp";
            assertThat(client.http().GET(notMcp).getStatus()).isEqualTo(404);
            ContentResponse call = client.post("{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":"
                            + "{\"name\":\"progress\",\"arguments\":{\"steps\":4,\"intervalMs\":400}}}")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            assertThat(call.getStatus()).isEqualTo(200);
            assertThat(McpTestClient.message(call.getContentAsString()).at("/result/content/0/text").asText())
                    .isEqualTo("Completed 4 steps");
            assertThat(client.http().GET(notMcp).getStatus()).as("Jetty is reached again afterwards").isEqualTo(404);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderWhicheverSideServesThem() throws Exception {
        String session;
        try (McpTestClient client = new McpTestClient(endpoint())) {
            session = client.initialize("2025-11-25");
        }
        String call = post(session, "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"first\"}}}", false);
        // The middle one goes to Jetty (another path), the others are served on the loop.
        String toJetty = "GET /not-mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        String last = post(session, "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"third\"}}}", true);
        String answer = exchange(call + toJetty + last);
        int first = answer.indexOf("\"id\":11");
        int third = answer.indexOf("\"id\":13");
        assertThat(first).as(answer).isPositive();
        assertThat(third).as(answer).isGreaterThan(first);
        assertThat(statusLines(answer)).as(answer).containsExactly("HTTP/1.1 200", "HTTP/1.1 404", "HTTP/1.1 200");
        assertThat(answer).as("the loop's answers carry the proxy's Date, so named").contains("\r\nDate: ")
                .doesNotContain("\r\ndate: ").doesNotContain("\r\ncontent-length: ");
    }

    @Test
    void aHeaderBlockTooLargeIs431WithAJsonRpcError() throws Exception {
        String answer = exchange("POST /mcp HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(10_000)
                + "\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(answer).startsWith("HTTP/1.1 431 ");
        assertThat(answer).contains("\"code\":-32006").contains("request header block too large");
        // The headers the loop writes itself are named as HTTP/1.1 messages (and Jetty) name them.
        assertThat(answer).contains("\r\nConnection: close\r\n").contains("\r\nContent-Type: application/json\r\n")
                .contains("\r\nContent-Length: ");
    }

    @Test
    void aMalformedRequestLineIs400AndClosesTheConnection() throws Exception {
        String answer = exchange("POST /mcp HTTP/1.1 trailing\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                + "GET /healthcheck HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(answer).contains("\"code\":-32006").contains("malformed HTTP request");
        assertThat(statusLines(answer)).as("nothing after it is read: " + answer).containsExactly("HTTP/1.1 400");
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeoutAndNotBefore() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", Endpoint.port(APP))) {
            socket.setSoTimeout(10_000);
            long opened = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("closed by the data plane, nothing written").isEqualTo(-1);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - opened)).as("not before the idle timeout")
                    .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(400));
        }
    }

    @Test
    void aRequestWhoseBodyStopsArrivingIsClosedAtTheIdleTimeout() throws Exception {
        String answer = exchange("POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Mcp-Session-Id: s\r\nMCP-Protocol-Version: 2025-11-25\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\"");
        assertThat(answer).as("closed without an answer").isEmpty();
    }

    @Test
    void aQuietConnectionsOwnConnectionToJettyIsClosedBeforeTheConnectionItself() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", Endpoint.port(APP))) {
            socket.setSoTimeout(5_000);
            // Another path than MCP's goes to Jetty, over this connection's own connection to it.
            String first = answerTo(socket, "GET /not-mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(first).startsWith("HTTP/1.1 404");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (plane().jettyConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(plane().jettyConnections()).as("the quiet connection's connection to Jetty is closed").isZero();
            // Closed at the watch's first quiet look (100-200 ms), three looks before the client's own idle timeout
            // (400 ms) and well before Jetty's (800 ms): the client's connection is still open and reaches Jetty again.
            long toJetty = plane().requestsToJetty();
            String second = answerTo(socket, "GET /not-mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(second).startsWith("HTTP/1.1 404");
            assertThat(plane().requestsToJetty()).isEqualTo(toJetty + 1);
        }
    }

    /** Writes one request on {@code socket} and reads its whole answer (by its length or its last chunk). */
    private static String answerTo(Socket socket, String request) throws Exception {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            String text = read.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd > 0) {
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                        .matcher(text.substring(0, headEnd));
                if (length.find() ? read.size() >= headEnd + 4 + Integer.parseInt(length.group(1))
                        : text.endsWith("\r\n0\r\n\r\n")) {
                    return text;
                }
            }
            int n = in.read(buffer);
            if (n < 0) {
                return read.toString(StandardCharsets.UTF_8);
            }
            read.write(buffer, 0, n);
        }
    }

    @Test
    void aBurstOfNewConnectionsIsTakenInWithinAFewPassesOfABusyLoop() throws Exception {
        NettyDataPlane plane = plane();
        EventLoop loop = plane.listenerLoop();
        AtomicInteger passes = new AtomicInteger();
        AtomicBoolean busy = new AtomicBoolean(true);
        // Runs once in each pass of the listener's loop and makes the pass long, as hundreds of busy connections would.
        Runnable longPass = new Runnable() {
            @Override
            public void run() {
                passes.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                if (busy.get()) {
                    loop.schedule(this, 1, TimeUnit.MILLISECONDS);
                }
            }
        };
        List<Socket> burst = new ArrayList<>();
        try {
            loop.execute(longPass);
            long before = plane.connectionsAccepted();
            for (int i = 0; i < 100; i++) {
                // Connected once the kernel has queued it; the proxy accepts it in a pass of its loop.
                burst.add(new Socket("127.0.0.1", Endpoint.port(APP)));
            }
            int queued = passes.get();
            while (plane.connectionsAccepted() - before < 100 && passes.get() - queued < 200) {
                Thread.sleep(5);
            }
            assertThat(plane.connectionsAccepted() - before).isEqualTo(100);
            assertThat(passes.get() - queued).as("passes of the loop to take in the queued connections").isLessThan(10);
        } finally {
            busy.set(false);
            for (Socket socket : burst) {
                socket.close();
            }
        }
    }

    private static java.util.List<String> statusLines(String answer) {
        return java.util.regex.Pattern.compile("HTTP/1\\.1 \\d{3}").matcher(answer).results()
                .map(java.util.regex.MatchResult::group).toList();
    }

    private static String post(String session, String json, boolean close) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nMcp-Session-Id: " + session + "\r\n"
                + "MCP-Protocol-Version: 2025-11-25\r\n" + (close ? "Connection: close\r\n" : "")
                + "Content-Length: " + body.length + "\r\n\r\n" + json;
    }

    /** Writes {@code bytes} on a new connection and reads until the server closes it. */
    private static String exchange(String bytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", Endpoint.port(APP))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            in.transferTo(read);
            return read.toString(StandardCharsets.UTF_8);
        }
    }
}
