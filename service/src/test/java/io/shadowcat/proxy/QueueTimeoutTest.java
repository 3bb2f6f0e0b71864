package io.shadowcat.proxy;

import static io.shadowcat.proxy.EchoCalls.call;
import io.shadowcat.testing.Endpoint;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Load shedding: with one pooled connection to an upstream that takes 2 s to answer, a second request
 * waits for that connection only {@code proxy.queueTimeout} (300 ms), then gets 503 with
 * {@code Retry-After} and a JSON-RPC error carrying its id; the first still gets its answer, and the
 * shed request is counted as {@code pool_full} without counting against the upstream's breaker. On either data plane.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueueTimeoutTest {
    private static final DemoTrio DEMOS = new DemoTrio(Duration.ofSeconds(2));
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/queue-timeout.yml"),
            ConfigOverride.config("upstreams[0].url", () -> DEMOS.endpoint(0)),
            // One event loop, so that on the Netty data plane its pool holds the one connection and the loop serves
            // both requests (with two loops and one connection, the loops could not, and Jetty would).
            ConfigOverride.config("proxy.eventLoops", "1"));

    @AfterAll
    static void stopDemos() throws Exception {
        DEMOS.close();
    }

    @Test
    void aRequestWaitingTooLongForAConnectionIsShedWith503() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            CompletableFuture<ContentResponse> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return call(client, 1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Let the first request take the only connection.
            Thread.sleep(500);
            ContentResponse shed = call(client, 2);

            assertThat(first).as("the first request is still with the upstream when the second is shed").isNotDone();
            assertThat(shed.getStatus()).isEqualTo(503);
            assertThat(shed.getHeaders().get("Retry-After")).isEqualTo("1");
            assertThat(McpTestClient.message(shed.getContentAsString()).at("/id").asInt()).isEqualTo(2);
            assertThat(McpTestClient.message(shed.getContentAsString()).at("/error/code").asInt()).isEqualTo(-32002);
            assertThat(McpTestClient.message(shed.getContentAsString()).at("/error/message").asText())
                    .contains("no connection to upstream 'slow' free within 300 ms");

            ContentResponse answered = first.get();
            assertThat(answered.getStatus()).isEqualTo(200);
            assertThat(McpTestClient.message(answered.getContentAsString()).at("/result/content/0/text").asText()).contains("m1");

            String metrics = client.http().GET("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus").getContentAsString();
            assertThat(metrics).contains("shadowcat_upstream_errors_total{kind=\"pool_full\",upstream=\"slow\"} 1.0")
                    .contains("shadowcat_upstream_breaker_state{upstream=\"slow\"} 0.0");
        }
    }
}
