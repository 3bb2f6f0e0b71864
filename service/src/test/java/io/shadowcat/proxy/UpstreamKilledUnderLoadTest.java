package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.DemoTrio;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 300 concurrent sessions over three demo servers (round-robin), calling a tool round after round;
 * one server is killed while a round is in flight. Only requests of sessions pinned to it fail, with
 * 502 (connection broken or refused) or 503 (its circuit breaker open); new sessions keep working.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UpstreamKilledUnderLoadTest {
    private static final int SESSIONS = 300;
    private static final int ROUNDS = 5;
    private static final DemoTrio DEMOS = new DemoTrio(Duration.ofMillis(2), Duration.ofMillis(2), Duration.ofMillis(2));
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/demo-trio.yml"),
            ConfigOverride.config("upstreams[0].url", () -> DEMOS.endpoint(0)),
            ConfigOverride.config("upstreams[1].url", () -> DEMOS.endpoint(1)),
            ConfigOverride.config("upstreams[2].url", () -> DEMOS.endpoint(2)),
            ConfigOverride.config("balancing.strategy", "round-robin"));

    @AfterAll
    static void stopDemos() throws Exception {
        DEMOS.close();
    }

    @Test
    void onlyTheDeadUpstreamsSessionsFailAndWithTheDocumentedStatus() throws Exception {
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(64);
        http.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp");
            List<CompletableFuture<ContentResponse>> opening = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                opening.add(send(http, endpoint, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"load\",\"version\":\"1\"}}}"));
            }
            List<String> sessions = new ArrayList<>();
            Map<String, String> pinned = new HashMap<>();
            for (CompletableFuture<ContentResponse> future : opening) {
                ContentResponse response = future.get(60, TimeUnit.SECONDS);
                assertThat(response.getStatus()).isEqualTo(200);
                String session = response.getHeaders().get("Mcp-Session-Id");
                sessions.add(session);
                pinned.put(session, FailingUpstreamsTest.pinnedUpstream(session));
            }
            assertThat(pinned.values()).filteredOn("two"::equals).hasSize(SESSIONS / 3);

            List<Map<String, Integer>> rounds = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                List<CompletableFuture<ContentResponse>> calls = new ArrayList<>();
                for (String session : sessions) {
                    calls.add(send(http, endpoint, session, "{\"jsonrpc\":\"2.0\",\"id\":" + round
                            + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"r\"}}}"));
                }
                if (round == 1) {
                    DEMOS.server(1).stop();
                }
                Map<String, Integer> statuses = new HashMap<>();
                for (int i = 0; i < calls.size(); i++) {
                    statuses.put(sessions.get(i), calls.get(i).get(60, TimeUnit.SECONDS).getStatus());
                }
                rounds.add(statuses);
            }

            for (int round = 0; round < ROUNDS; round++) {
                for (String session : sessions) {
                    int status = rounds.get(round).get(session);
                    if (!pinned.get(session).equals("two")) {
                        assertThat(status).as("round %d, session on %s", round, pinned.get(session)).isEqualTo(200);
                    } else if (round == 0) {
                        assertThat(status).isEqualTo(200);
                    } else if (round >= 2) {
                        assertThat(status).as("round %d, session on the dead upstream", round).isIn(502, 503);
                    } else {
                        assertThat(status).as("killed during this round").isIn(200, 502, 503);
                    }
                }
            }
            assertThat(rounds.get(ROUNDS - 1).values()).as("its breaker is open by now").contains(503);

            for (int i = 0; i < 30; i++) {
                ContentResponse fresh = send(http, endpoint, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"late\",\"version\":\"1\"}}}")
                        .get(30, TimeUnit.SECONDS);
                assertThat(fresh.getStatus()).isEqualTo(200);
                assertThat(FailingUpstreamsTest.pinnedUpstream(fresh.getHeaders().get("Mcp-Session-Id"))).isNotEqualTo("two");
            }
        } finally {
            http.stop();
        }
    }

    private static CompletableFuture<ContentResponse> send(HttpClient http, URI endpoint, String session, String json) {
        return new CompletableResponseListener(http.newRequest(endpoint).method(HttpMethod.POST).timeout(60, TimeUnit.SECONDS)
                .headers(h -> {
                    h.put("Accept", McpTestClient.ACCEPT_BOTH).put("MCP-Protocol-Version", "2025-06-18");
                    if (session != null) {
                        h.put("Mcp-Session-Id", session);
                    }
                })
                .body(new StringRequestContent("application/json", json))).send();
    }
}
