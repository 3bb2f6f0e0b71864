package io.shadowcat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code delay} action through the real proxy, in front of the demo upstream: a rule that delays
 * {@code tools/call} by 200 µs shows up in the {@code policy} stage of the JFR exchange events of those
 * calls, and in no other method's; the delayed calls still succeed. A 30 µs delay of {@code ping}, short
 * enough to be waited out on the request thread, is spent in its policy stage too.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PolicyDelayThroughProxyTest {
    private static Path dumps;
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/policy-delay.yml"),
            ConfigOverride.config("jfr.dumpDirectory", () -> dumpDirectory().toString()));

    private static Path dumpDirectory() {
        try {
            if (dumps == null) {
                dumps = Files.createTempDirectory("shadowcat-policy-jfr");
            }
            return dumps;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDelayIsSpentInThePolicyStageOfDelayedCallsOnly() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            String session = client.initialize("2025-11-25");
            for (int i = 0; i < 5; i++) {
                ContentResponse call = client.post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\","
                                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}")
                        .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
                assertThat(call.getStatus()).isEqualTo(200);
                assertThat(McpTestClient.message(call.getContentAsString()).at("/result/content/0/text").asText()).contains("hi");
                client.post("{\"jsonrpc\":\"2.0\",\"id\":100,\"method\":\"tools/list\"}")
                        .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
                ContentResponse ping = client.post("{\"jsonrpc\":\"2.0\",\"id\":200,\"method\":\"ping\"}")
                        .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
                assertThat(ping.getStatus()).isEqualTo(200);
            }
            String admin = "http://127.0.0.1:" + APP.getAdminPort();
            ContentResponse dump = client.http().POST(admin + "/tasks/jfr-dump?file=delay.jfr").send();
            assertThat(dump.getStatus()).isEqualTo(200);
            List<RecordedEvent> exchanges = RecordingFile.readAllEvents(Path.of(dump.getContentAsString().trim())).stream()
                    .filter(e -> e.getEventType().getName().equals("shadowcat.Exchange")).toList();
            List<RecordedEvent> calls = exchanges.stream().filter(e -> "tools/call".equals(e.getString("method"))).toList();
            List<RecordedEvent> lists = exchanges.stream().filter(e -> "tools/list".equals(e.getString("method"))).toList();
            assertThat(calls).hasSize(5).allSatisfy(e -> {
                assertThat(e.getDuration("policy")).isGreaterThanOrEqualTo(Duration.ofNanos(200_000));
                assertThat(e.getDuration("total")).isGreaterThan(e.getDuration("policy"));
            });
            List<RecordedEvent> pings = exchanges.stream().filter(e -> "ping".equals(e.getString("method"))).toList();
            assertThat(pings).hasSize(5).allSatisfy(e ->
                    assertThat(e.getDuration("policy")).isGreaterThanOrEqualTo(Duration.ofNanos(30_000)));
            // An undelayed policy stage takes microseconds; none comes near the injected 200 µs.
            assertThat(lists).hasSize(5).allSatisfy(e ->
                    assertThat(e.getDuration("policy")).isLessThan(Duration.ofNanos(200_000)));

            String metrics = client.http().GET(admin + "/prometheus").getContentAsString();
            assertThat(metrics).contains("shadowcat_policy_decisions_total{outcome=\"delay\",rule=\"bench-slowdown\"} 5.0")
                    .contains("shadowcat_policy_decisions_total{outcome=\"delay\",rule=\"short-pause\"} 5.0")
                    .contains("shadowcat_policy_decisions_total{outcome=\"allow\",rule=\"default\"}");
        }
    }
}
