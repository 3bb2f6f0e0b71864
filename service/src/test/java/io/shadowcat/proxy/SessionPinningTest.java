package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import io.shadowcat.testing.ScriptedUpstream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two upstreams behind one proxy: new sessions are spread over both, and every later request of a
 * session goes to the upstream that served its {@code initialize}. Also checks what the proxy reports
 * about those requests: metrics in Prometheus format and one JFR exchange event per request.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SessionPinningTest {
    private static final ScriptedUpstream ALPHA = named("alpha");
    private static final ScriptedUpstream BETA = named("beta");
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/two-upstreams.yml"),
            ConfigOverride.config("upstreams[0].url", () -> ALPHA.endpoint().toString()),
            ConfigOverride.config("upstreams[1].url", () -> BETA.endpoint().toString()),
            ConfigOverride.config("jfr.dumpDirectory", () -> tempDir().toString()));
    private static Path dumps;

    private static Path tempDir() {
        try {
            if (dumps == null) {
                dumps = Files.createTempDirectory("shadowcat-jfr");
            }
            return dumps;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An upstream that issues its own session ids and answers every request with its name and that id. */
    private static ScriptedUpstream named(String name) {
        try {
            ScriptedUpstream upstream = ScriptedUpstream.start();
            AtomicInteger sessions = new AtomicInteger();
            upstream.behave((request, response, callback) -> {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                if (body.contains("\"initialize\"")) {
                    response.getHeaders().put("Mcp-Session-Id", name + "-" + sessions.incrementAndGet());
                }
                ScriptedUpstream.json(response, callback, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"upstream\":\"" + name
                        + "\",\"session\":\"" + request.getHeaders().get("Mcp-Session-Id") + "\"}}");
            });
            return upstream;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopUpstreams() throws Exception {
        ALPHA.close();
        BETA.close();
    }

    @Test
    void everyRequestOfASessionReachesTheUpstreamThatOpenedIt() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            Map<String, String> upstreamBySession = new HashMap<>();
            for (int i = 0; i < 6; i++) {
                ContentResponse init = client.post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}").send();
                String upstream = McpTestClient.message(init.getContentAsString()).at("/result/upstream").asText();
                upstreamBySession.put(init.getHeaders().get("Mcp-Session-Id"), upstream);
            }
            assertThat(upstreamBySession.values()).containsOnly("alpha", "beta").contains("alpha", "beta");
            for (int round = 0; round < 3; round++) {
                for (Map.Entry<String, String> session : upstreamBySession.entrySet()) {
                    ContentResponse call = client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                            .headers(h -> h.put("Mcp-Session-Id", session.getKey())).send();
                    assertThat(call.getStatus()).isEqualTo(200);
                    var result = McpTestClient.message(call.getContentAsString()).get("result");
                    assertThat(result.get("upstream").asText()).isEqualTo(session.getValue());
                    assertThat(result.get("session").asText()).startsWith(session.getValue() + "-");
                }
            }
            String ended = upstreamBySession.keySet().iterator().next();
            assertThat(client.request(HttpMethod.DELETE).headers(h -> h.put("Mcp-Session-Id", ended)).send().getStatus()).isEqualTo(200);
            assertThat(client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                    .headers(h -> h.put("Mcp-Session-Id", ended)).send().getStatus()).isEqualTo(404);
        }
    }

    @Test
    void requestsShowInPrometheusMetricsAndInTheFlightRecording() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            String session = client.initialize("2025-11-25");
            for (int i = 0; i < 3; i++) {
                client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"lookup\"}}")
                        .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            }
            String admin = "http://127.0.0.1:" + APP.getAdminPort();
            String metrics = client.http().GET(admin + "/prometheus").getContentAsString();
            assertThat(metrics).containsPattern("shadowcat_requests_total\\{method=\"tools/call\",status=\"200\"} [3-9]")
                    .contains("shadowcat_requests_inflight 0.0")
                    .containsPattern("shadowcat_upstream_latency_seconds_count\\{upstream=\"(alpha|beta)\"}");

            ContentResponse dump = client.http().POST(admin + "/tasks/jfr-dump?file=pinning.jfr").send();
            assertThat(dump.getStatus()).isEqualTo(200);
            Path file = Path.of(dump.getContentAsString().trim());
            assertThat(file).isEqualTo(dumps.resolve("pinning.jfr").toAbsolutePath());
            List<RecordedEvent> calls = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("shadowcat.Exchange"))
                    .filter(e -> "tools/call".equals(e.getString("method")))
                    .toList();
            assertThat(calls).hasSizeGreaterThanOrEqualTo(3).allSatisfy(e -> {
                assertThat(e.getString("tool")).isEqualTo("lookup");
                assertThat(e.getInt("status")).isEqualTo(200);
                assertThat(e.getString("protocolVersion")).isEqualTo("2025-11-25");
                assertThat(e.getDuration("upstream").toNanos()).isPositive();
                assertThat(e.getDuration("total")).isGreaterThanOrEqualTo(e.getDuration("upstream").plus(e.getDuration("receive")));
            });
            ContentResponse traversal = client.http().POST(admin + "/tasks/jfr-dump?file=../escape.jfr").send();
            assertThat(traversal.getStatus()).isGreaterThanOrEqualTo(400);
        }
    }
}
