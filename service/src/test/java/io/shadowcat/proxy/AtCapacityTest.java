package io.shadowcat.proxy;

import static io.shadowcat.proxy.EchoCalls.call;
import io.shadowcat.testing.Endpoint;
import static io.shadowcat.proxy.EchoCalls.callAsync;
import static io.shadowcat.proxy.EchoCalls.errorMessage;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One connection and two queue places to an upstream that takes 2 s: the fourth request is refused at once. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AtCapacityTest {
    private static final DemoTrio DEMOS = new DemoTrio(Duration.ofSeconds(2));
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/at-capacity.yml"),
            ConfigOverride.config("upstreams[0].url", () -> DEMOS.endpoint(0)));

    @AfterAll
    static void stopDemos() throws Exception {
        DEMOS.close();
    }

    @Test
    void aRequestBeyondConnectionsAndQueueIsRefusedAtOnceWith503() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            List<CompletableFuture<ContentResponse>> held = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                held.add(callAsync(client, id));
            }
            // Let the three take the connection and both queue places.
            Thread.sleep(500);
            long start = System.nanoTime();
            ContentResponse refused = call(client, 4);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(held).as("the three are still with the upstream or queued").noneMatch(CompletableFuture::isDone);
            assertThat(refused.getStatus()).isEqualTo(503);
            assertThat(took).as("refused without waiting for the upstream").isLessThan(Duration.ofMillis(1500));
            assertThat(refused.getHeaders().get("Retry-After")).isEqualTo("1");
            assertThat(McpTestClient.message(refused.getContentAsString()).at("/id").asInt()).isEqualTo(4);
            assertThat(McpTestClient.message(refused.getContentAsString()).at("/error/code").asInt()).isEqualTo(-32002);
            assertThat(errorMessage(refused)).contains("each is at capacity");
            for (CompletableFuture<ContentResponse> answer : held) {
                assertThat(answer.get().getStatus()).isEqualTo(200);
            }
            String metrics = client.http().GET("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus").getContentAsString();
            assertThat(metrics).contains("shadowcat_upstream_errors_total{kind=\"pool_full\",upstream=\"slow\"} 1.0")
                    .contains("shadowcat_upstream_breaker_state{upstream=\"slow\"} 0.0");
        }
    }
}
