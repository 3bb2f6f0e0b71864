package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.session.Sessions;
import io.shadowcat.session.SessionsFactory;
import io.shadowcat.testing.McpTestClient;
import io.shadowcat.testing.Scrape;
import io.shadowcat.testing.ScriptedUpstream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three upstreams behind the proxy, round-robin: one refuses every connection, two are scripted to
 * fail in each way an upstream can. What the client sees, and what the pool counts.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FailingUpstreamsTest {
    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final ScriptedUpstream ALPHA = start();
    private static final ScriptedUpstream BETA = start();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/three-upstreams.yml"),
            ConfigOverride.config("upstreams[1].url", () -> ALPHA.endpoint().toString()),
            ConfigOverride.config("upstreams[2].url", () -> BETA.endpoint().toString()));

    private final List<Callback> held = new CopyOnWriteArrayList<>();
    private McpTestClient client;
    private Scrape scrape;

    static ScriptedUpstream start() {
        try {
            return ScriptedUpstream.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopUpstreams() throws Exception {
        ALPHA.close();
        BETA.close();
    }

    @BeforeEach
    void connect() throws Exception {
        client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"));
        scrape = new Scrape(client.http(), APP.getAdminPort());
        ALPHA.behave(miniMcp("alpha"));
        BETA.behave(miniMcp("beta"));
    }

    @AfterEach
    void disconnect() throws Exception {
        held.forEach(c -> c.failed(new IOException("test over")));
        client.close();
    }

    /** Session-based MCP: initialize opens "NAME-session"; requests answer with the upstream's name. */
    static ScriptedUpstream.Behaviour miniMcp(String name) {
        return (request, response, callback) -> {
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            if (body.contains("\"initialize\"")) {
                response.getHeaders().put("Mcp-Session-Id", name + "-session");
            }
            ScriptedUpstream.json(response, callback, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"upstream\":\"" + name + "\"}}");
        };
    }

    static String pinnedUpstream(String sessionId) {
        SessionsFactory factory = new SessionsFactory();
        factory.setKey(KEY);
        Sessions sessions = factory.build(Clock.systemUTC());
        return sessions.resolve(sessionId, McpExchange.ANONYMOUS).orElseThrow().upstream();
    }

    private String sessionOn(String upstream) throws Exception {
        for (int i = 0; i < 12; i++) {
            String session = client.initialize("2025-06-18");
            if (pinnedUpstream(session).equals(upstream)) {
                return session;
            }
        }
        throw new AssertionError("no session landed on " + upstream);
    }

    private ContentResponse call(String session, String id) throws Exception {
        return client.post("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}")
                .headers(h -> h.put("Mcp-Session-Id", session)).send();
    }

    @Test
    void refusedConnectionsAreRetriedElsewhereUntilTheBreakerTakesTheDeadUpstreamOut() throws Exception {
        List<String> pinned = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            pinned.add(pinnedUpstream(client.initialize("2025-06-18")));
        }
        assertThat(pinned).doesNotContain("dead").contains("alpha", "beta");
        ContentResponse sessionless = client.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}")
                .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "tools/list")).send();
        assertThat(sessionless.getStatus()).isEqualTo(200);
        // Three refusals open its breaker (more if an earlier test's refusals had already opened it and a trial failed).
        assertThat(scrape.errors("dead", "connect")).isGreaterThanOrEqualTo(3);
        assertThat(scrape.gauge("shadowcat_upstream_breaker_state", "dead")).isEqualTo(2);
        assertThat(scrape.gauge("shadowcat_upstream_breaker_state", "alpha")).isZero();
        String health = client.http().GET("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck").getContentAsString();
        assertThat(health).contains("\"healthy\":true", "dead=http://127.0.0.1:1/mcp healthy/open");
    }

    @Test
    void aStormOf5xxOpensTheBreakerPinnedRequestsGet503AndNewSessionsGoElsewhere() throws Exception {
        String session = sessionOn("alpha");
        ALPHA.behave((request, response, callback) -> ScriptedUpstream.json(response, callback, 500, "{\"error\":\"overloaded\"}"));
        for (int i = 0; i < 3; i++) {
            assertThat(call(session, "storm-" + i).getStatus()).as("5xx passes through until the breaker opens").isEqualTo(500);
        }
        ContentResponse refused = call(session, "storm-3");
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeaders().get("Retry-After")).isEqualTo("1");
        JsonNode error = McpTestClient.message(refused.getContentAsString());
        assertThat(error.get("id").asText()).isEqualTo("storm-3");
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(error.at("/error/message").asText()).contains("upstream 'alpha'", "circuit breaker open");
        assertThat(scrape.gauge("shadowcat_upstream_breaker_state", "alpha")).isEqualTo(2);
        assertThat(scrape.errors("alpha", "http_5xx")).isEqualTo(3);
        assertThat(scrape.errors("alpha", "breaker_open")).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            assertThat(pinnedUpstream(client.initialize("2025-06-18"))).isEqualTo("beta");
        }

        // Recovered: once the breaker's second is up, a trial request goes through and closes it.
        ALPHA.behave(miniMcp("alpha"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
            status = call(session, "trial").getStatus();
            if (status != 200) {
                assertThat(status).isEqualTo(503);
                Thread.onSpinWait();
            }
        }
        assertThat(status).isEqualTo(200);
        // The trial's outcome is counted when the upstream exchange completes, just after the client has its answer.
        while (scrape.gauge("shadowcat_upstream_breaker_state", "alpha") != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(scrape.gauge("shadowcat_upstream_breaker_state", "alpha")).isZero();
    }

    @Test
    void aSlowFirstByteIs504WithTheRequestId() throws Exception {
        String session = sessionOn("beta");
        double before = scrape.errors("beta", "timeout");
        BETA.behave((request, response, callback) -> held.add(callback));
        ContentResponse response = call(session, "slow-1");
        assertThat(response.getStatus()).isEqualTo(504);
        JsonNode error = McpTestClient.message(response.getContentAsString());
        assertThat(error.get("id").asText()).isEqualTo("slow-1");
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32004);
        assertThat(scrape.errors("beta", "timeout")).isEqualTo(before + 1);
    }

    /** A 200 of 1,000 bytes whose connection breaks once the head and {@code sent} of the body have gone out. */
    private static ScriptedUpstream.Behaviour resetAfter(String sent) {
        return (request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "application/json");
            response.getHeaders().put("Content-Length", "1000");
            response.write(false, ByteBuffer.wrap(sent.getBytes(StandardCharsets.UTF_8)),
                    Callback.from(() -> callback.failed(new IOException("reset by the test"))));
        };
    }

    @Test
    void aResetMidResponseAbortsTheClientsResponse() throws Exception {
        String session = sessionOn("beta");
        double before = scrape.errors("beta", "reset");
        BETA.behave(resetAfter("{\"jsonrpc\":"));
        assertThatThrownBy(() -> call(session, "reset-1")).isInstanceOf(ExecutionException.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (scrape.errors("beta", "reset") == before && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(scrape.errors("beta", "reset")).isEqualTo(before + 1);
    }

    @Test
    void aResetAfterTheHeadBeforeAnyBodyIsStill502WithTheRequestId() throws Exception {
        String session = sessionOn("beta");
        double before = scrape.errors("beta", "reset");
        // The head goes out alone, then the connection breaks: nothing of the body has reached the proxy.
        BETA.behave(resetAfter(""));
        ContentResponse response = call(session, "reset-2");
        assertThat(response.getStatus()).isEqualTo(502);
        JsonNode error = McpTestClient.message(response.getContentAsString());
        assertThat(error.get("id").asText()).isEqualTo("reset-2");
        assertThat(scrape.errors("beta", "reset")).isEqualTo(before + 1);
        // The client's connection was not given up for it: the session's next call goes through.
        BETA.behave(miniMcp("beta"));
        assertThat(call(session, "after-reset").getStatus()).isEqualTo(200);
    }

    @Test
    void aStalledEventStreamGetsKeepAlivesAndIsCutAtTheIdleTimeout() throws Exception {
        String session = sessionOn("beta");
        double before = scrape.errors("beta", "idle");
        BETA.behave((request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "text/event-stream");
            byte[] event = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
                    .getBytes(StandardCharsets.UTF_8);
            response.write(false, ByteBuffer.wrap(event), Callback.from(() -> held.add(callback)));
        });
        McpTestClient.Streaming stream = client.stream(client.post(
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"progress\"}}")
                .headers(h -> h.put("Mcp-Session-Id", session)));
        assertThat(stream.response().getStatus()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        boolean aborted = false;
        try {
            String line;
            while ((line = stream.body().readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException expected) {
            aborted = true;
        }
        assertThat(lines.subList(0, 3)).containsExactly("event: message",
                "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}", "");
        assertThat(lines).as("keep-alive comments while the upstream was silent").contains(": keep-alive");
        assertThat(aborted).as("cut, not ended as if complete").isTrue();
        assertThat(scrape.errors("beta", "idle")).isEqualTo(before + 1);
    }
}
