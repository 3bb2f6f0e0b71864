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
import io.shadowcat.testing.ScriptedUpstream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy in front of one scripted upstream, over real sockets: what reaches the upstream, what
 * reaches the client, and every way an upstream can fail.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UpstreamBehaviourTest {
    private static final ScriptedUpstream UPSTREAM = startUpstream();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/single-upstream.yml"),
            ConfigOverride.config("upstreams[0].url", () -> UPSTREAM.endpoint().toString()));

    private McpTestClient client;

    private static ScriptedUpstream startUpstream() {
        try {
            return ScriptedUpstream.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() throws Exception {
        client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"));
        UPSTREAM.behave(UpstreamBehaviourTest::miniMcp);
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
    }

    /** A minimal session-based MCP server: initialize opens session "up-1"; everything else echoes its method. */
    private static void miniMcp(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                Callback callback) throws Exception {
        if (HttpMethod.GET.is(request.getMethod())) {
            ScriptedUpstream.json(response, callback, 405, "{}");
            return;
        }
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        if (body.contains("\"initialize\"")) {
            response.getHeaders().put("Mcp-Session-Id", "up-1");
            ScriptedUpstream.json(response, callback, 200, "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2025-06-18\"}}");
        } else if (body.contains("\"id\"")) {
            String session = request.getHeaders().get("Mcp-Session-Id");
            ScriptedUpstream.json(response, callback, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"session\":\"" + session + "\"}}");
        } else {
            response.setStatus(202);
            callback.succeeded();
        }
    }

    private String toolsList(String session) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    }

    @Test
    void theUpstreamsSessionIdStaysBehindTheProxy() throws Exception {
        String session = client.initialize("2025-06-18");
        assertThat(session).isNotBlank().isNotEqualTo("up-1");
        ContentResponse response = client.post(toolsList(session)).headers(h -> h.put("Mcp-Session-Id", session)
                .put("MCP-Protocol-Version", "2025-06-18")).send();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(McpTestClient.message(response.getContentAsString()).at("/result/session").asText()).isEqualTo("up-1");
        assertThat(response.getHeaders().get("Mcp-Session-Id")).isNull();
    }

    @Test
    void noClientCredentialOrHopByHopHeaderReachesTheUpstream() throws Exception {
        String session = client.initialize("2025-06-18");
        UPSTREAM.received().clear();
        ContentResponse response = client.post(toolsList(session)).headers(h -> h
                .put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-06-18")
                .put("Authorization", "Bearer client-secret").put("Cookie", "sid=client-cookie")
                .put("Proxy-Authorization", "Basic cHJveHk6c2VjcmV0").put("Connection", "X-Hop")
                .put("X-Hop", "must-not-cross").put("X-Trace", "t-1")).send();
        assertThat(response.getStatus()).isEqualTo(200);
        HttpFields seen = UPSTREAM.received().get(0);
        assertThat(seen.get("Authorization")).isNull();
        assertThat(seen.get("Cookie")).isNull();
        assertThat(seen.get("Proxy-Authorization")).isNull();
        assertThat(seen.get("X-Hop")).isNull();
        assertThat(seen.toString()).doesNotContain("client-secret", "client-cookie", "cHJveHk6c2VjcmV0");
        assertThat(seen.get("X-Upstream-Key")).isEqualTo("from-config");
        assertThat(seen.get("Mcp-Session-Id")).isEqualTo("up-1");
        assertThat(seen.get("X-Trace")).isEqualTo("t-1");
        assertThat(seen.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.get("Forwarded")).startsWith("for=127.0.0.1;proto=http");
        assertThat(seen.getFields("Host")).as("one Host, the upstream's own")
                .singleElement().extracting(HttpField::getValue).isEqualTo(UPSTREAM.endpoint().getRawAuthority());
    }

    @Test
    void notificationsAreAcceptedWithoutABody() throws Exception {
        String session = client.initialize("2025-06-18");
        ContentResponse response = client.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-06-18")).send();
        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(response.getContent()).isEmpty();
    }

    @Test
    void anUpstreamWithoutAGetStreamAnswers405ThroughTheProxy() throws Exception {
        String session = client.initialize("2025-06-18");
        ContentResponse response = client.request(HttpMethod.GET).headers(h -> h.put("Accept", "text/event-stream")
                .put("Mcp-Session-Id", session).put("Last-Event-ID", "ev-9")).send();
        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(UPSTREAM.received().get(UPSTREAM.received().size() - 1).get("Last-Event-ID")).isEqualTo("ev-9");
    }

    @Test
    void aGetStreamIsOpenForTheClientBeforeItsFirstEvent() throws Exception {
        String session = client.initialize("2025-06-18");
        java.util.concurrent.CompletableFuture<Runnable> sendEvent = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean eventSent = new java.util.concurrent.atomic.AtomicBoolean();
        byte[] event = "id: e1\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n\n"
                .getBytes(StandardCharsets.UTF_8);
        UPSTREAM.behave((request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "text/event-stream");
            // Headers only; the first event goes out when the test says so.
            Runnable send = () -> {
                eventSent.set(true);
                response.write(true, ByteBuffer.wrap(event), callback);
            };
            response.write(false, ByteBuffer.allocate(0), Callback.from(() -> sendEvent.complete(send), callback::failed));
        });
        McpTestClient.Streaming stream = client.stream(client.request(HttpMethod.GET)
                .headers(h -> h.put("Accept", "text/event-stream").put("Mcp-Session-Id", session)));
        assertThat(stream.response().getStatus()).isEqualTo(200);
        assertThat(stream.response().getHeaders().get("Content-Type")).startsWith("text/event-stream");
        assertThat(eventSent).as("the client has its headers while the upstream has sent no event yet").isFalse();
        sendEvent.get(5, java.util.concurrent.TimeUnit.SECONDS).run();
        assertThat(stream.body().readLine()).isEqualTo("id: e1");
    }

    @Test
    void aSilentUpstreamTimesOutWith504AndTheRequestId() throws Exception {
        String session = client.initialize("2025-06-18");
        List<Callback> held = new ArrayList<>();
        UPSTREAM.behave((request, response, callback) -> held.add(callback));
        ContentResponse response = client.post("{\"jsonrpc\":\"2.0\",\"id\":\"slow-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}")
                .headers(h -> h.put("Mcp-Session-Id", session)).send();
        assertThat(response.getStatus()).isEqualTo(504);
        JsonNode error = McpTestClient.message(response.getContentAsString());
        assertThat(error.get("id").asText()).isEqualTo("slow-1");
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32004);
        held.forEach(c -> c.failed(new IOException("test over")));
        UPSTREAM.behave(UpstreamBehaviourTest::miniMcp);
        assertThat(client.post(toolsList(session)).headers(h -> h.put("Mcp-Session-Id", session)).send().getStatus())
                .isEqualTo(200);
    }

    @Test
    void aCallIsWatchedForItsTimeoutWhileItWaitsAndLeavesTheWatchWhenItEnds() throws Exception {
        CallTimeouts<UpstreamCall> timeouts = APP.getEnvironment().getApplicationContext().getServer()
                .getDescendant(McpProxyHandler.class).context().timeouts();
        String session = client.initialize("2025-06-18");
        java.util.concurrent.CompletableFuture<Callback> held = new java.util.concurrent.CompletableFuture<>();
        UPSTREAM.behave((request, response, callback) -> held.complete(callback));
        java.util.concurrent.CompletableFuture<ContentResponse> slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return client.post("{\"jsonrpc\":\"2.0\",\"id\":\"slow-2\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}")
                        .headers(h -> h.put("Mcp-Session-Id", session)).send();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        held.get(5, java.util.concurrent.TimeUnit.SECONDS);
        // On the Netty data plane the call is served on an event loop, whose own timer watches it, and Jetty's none.
        java.util.Optional<NettyDataPlane> plane = ((io.shadowcat.ShadowcatApplication) APP.getApplication()).dataPlane();
        java.util.concurrent.Callable<Integer> watched = () -> plane.isPresent() ? plane.get().watchedCalls() : timeouts.size();
        assertThat(watched.call()).as("the waiting call is watched").isEqualTo(1);
        assertThat(timeouts.size()).as("by one timer").isEqualTo(plane.isPresent() ? 0 : 1);
        assertThat(slow.get(5, java.util.concurrent.TimeUnit.SECONDS).getStatus()).isEqualTo(504);
        held.get().failed(new IOException("test over"));
        // Answered calls, a stream (watched until its headers) and a timed-out call: none is left watched.
        UPSTREAM.behave(UpstreamBehaviourTest::miniMcp);
        for (int i = 0; i < 20; i++) {
            assertThat(client.post(toolsList(session)).headers(h -> h.put("Mcp-Session-Id", session)).send().getStatus())
                    .isEqualTo(200);
        }
        UPSTREAM.behave((request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "text/event-stream");
            response.write(false, ByteBuffer.wrap("event: message\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8)),
                    Callback.from(() -> {
                        try {
                            assertThat(watched.call()).as("an open stream is bounded by the idle timeout only").isZero();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        response.write(true, ByteBuffer.allocate(0), callback);
                    }, callback::failed));
        });
        McpTestClient.Streaming stream = client.stream(client.post("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"progress\"}}")
                .headers(h -> h.put("Mcp-Session-Id", session)));
        assertThat(stream.response().getStatus()).isEqualTo(200);
        assertThat(stream.body().readLine()).isEqualTo("event: message");
        assertThat(watched.call()).isZero();
        assertThat(timeouts.size()).isZero();
    }

    @Test
    void authenticationChallengesAndRedirectsOfTheUpstreamPassThroughUntouched() throws Exception {
        String session = client.initialize("2025-06-18");
        byte[] denied = "{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32001,\"message\":\"bad key\"}}"
                .getBytes(StandardCharsets.UTF_8);
        UPSTREAM.behave((request, response, callback) -> {
            response.setStatus(401);
            response.getHeaders().put("WWW-Authenticate", "Bearer realm=\"upstream\", error=\"invalid_token\"");
            response.getHeaders().put("Content-Type", "application/json");
            response.write(true, ByteBuffer.wrap(denied), callback);
        });
        ContentResponse challenged = client.post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}")
                .headers(h -> h.put("Mcp-Session-Id", session)).send();
        assertThat(challenged.getStatus()).isEqualTo(401);
        assertThat(challenged.getHeaders().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"upstream\", error=\"invalid_token\"");
        assertThat(challenged.getContent()).isEqualTo(denied);
        UPSTREAM.behave((request, response, callback) -> {
            response.setStatus(307);
            response.getHeaders().put("Location", "http://127.0.0.1:1/elsewhere");
            callback.succeeded();
        });
        ContentResponse moved = client.post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}")
                .headers(h -> h.put("Mcp-Session-Id", session)).followRedirects(false).send();
        assertThat(moved.getStatus()).isEqualTo(307);
        assertThat(moved.getHeaders().get("Location")).isEqualTo("http://127.0.0.1:1/elsewhere");
    }

    @Test
    void anUpstreamThatDiesMidStreamAbortsOnlyThatStream() throws Exception {
        String session = client.initialize("2025-06-18");
        UPSTREAM.behave((request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "text/event-stream");
            byte[] event = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}\n\n"
                    .getBytes(StandardCharsets.UTF_8);
            response.write(false, ByteBuffer.wrap(event), Callback.from(() -> callback.failed(new IOException("upstream died"))));
        });
        McpTestClient.Streaming stream = client.stream(client.post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"progress\"}}")
                .headers(h -> h.put("Mcp-Session-Id", session)));
        assertThat(stream.response().getStatus()).isEqualTo(200);
        assertThat(stream.response().getHeaders().get("X-Accel-Buffering")).isEqualTo("no");
        assertThat(stream.body().readLine()).isEqualTo("event: message");
        assertThat(stream.body().readLine()).contains("notifications/progress");
        List<String> rest = new ArrayList<>();
        boolean aborted = false;
        try {
            String line;
            while ((line = stream.body().readLine()) != null) {
                rest.add(line);
            }
        } catch (IOException expected) {
            aborted = true;
        }
        assertThat(aborted).as("the client's stream ends abnormally, not as a complete response").isTrue();
        assertThat(String.join("\n", rest)).doesNotContain("\"error\"");

        UPSTREAM.behave(UpstreamBehaviourTest::miniMcp);
        assertThat(client.post(toolsList(session)).headers(h -> h.put("Mcp-Session-Id", session)).send().getStatus())
                .isEqualTo(200);
    }

    @Test
    void aSessionTheUpstreamLostAnswers404SoTheClientReinitializes() throws Exception {
        String session = client.initialize("2025-06-18");
        UPSTREAM.behave((request, response, callback) -> ScriptedUpstream.json(response, callback, 404, "{\"error\":\"no such session\"}"));
        ContentResponse lost = client.post(toolsList(session)).headers(h -> h.put("Mcp-Session-Id", session)).send();
        assertThat(lost.getStatus()).isEqualTo(404);
        assertThat(McpTestClient.message(lost.getContentAsString()).at("/error/code").asInt()).isEqualTo(-32001);
        UPSTREAM.behave(UpstreamBehaviourTest::miniMcp);
        assertThat(client.post(toolsList(session)).headers(h -> h.put("Mcp-Session-Id", session)).send().getStatus())
                .as("the lost session stays dead").isEqualTo(404);
    }

    @Test
    void batchesAreForwardedOnlyFor2025_03_26() throws Exception {
        String session = client.initialize("2025-03-26");
        String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]";
        assertThat(client.post(batch).headers(h -> h.put("Mcp-Session-Id", session)).send().getStatus()).isEqualTo(200);
        ContentResponse refused = client.post(batch).headers(h -> h.put("Mcp-Session-Id", session)
                .put("MCP-Protocol-Version", "2025-11-25")).send();
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.getContentAsString()).contains("batches are not allowed in protocol version 2025-11-25");
    }

    @Test
    void theSessionlessEraNeedsNoSessionButMirroredHeaders() throws Exception {
        UPSTREAM.received().clear();
        ContentResponse call = client.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}")
                .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "tools/call").put("Mcp-Name", "echo")).send();
        assertThat(call.getStatus()).isEqualTo(200);
        assertThat(UPSTREAM.received()).singleElement().satisfies(h -> {
            assertThat(h.get("Mcp-Session-Id")).isNull();
            assertThat(h.get("Mcp-Method")).isEqualTo("tools/call");
        });
        ContentResponse mismatch = client.post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}")
                .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "tools/call").put("Mcp-Name", "other")).send();
        assertThat(mismatch.getStatus()).isEqualTo(400);
        assertThat(McpTestClient.message(mismatch.getContentAsString()).get("id").asInt()).isEqualTo(4);
        assertThat(mismatch.getContentAsString()).contains("Mcp-Name header 'other' does not match the body's name 'echo'");
        assertThat(client.request(HttpMethod.DELETE).headers(h -> h.put("MCP-Protocol-Version", "2026-07-28")).send().getStatus())
                .isEqualTo(405);
    }
}
