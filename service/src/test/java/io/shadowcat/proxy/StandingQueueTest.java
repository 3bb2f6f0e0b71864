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

/**
 * One connection to an upstream that takes 60 ms and a queue timeout of 10 s: thirty requests at once
 * make a queue in which every request waits longer than the 20 ms target; once that has lasted a second,
 * a new request is shed after 40 ms instead of queueing behind them, and the queued ones are still answered.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StandingQueueTest {
    private static final DemoTrio DEMOS = new DemoTrio(Duration.ofMillis(60));
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/standing-queue.yml"),
            ConfigOverride.config("upstreams[0].url", () -> DEMOS.endpoint(0)));

    @AfterAll
    static void stopDemos() throws Exception {
        DEMOS.close();
    }

    @Test
    void whileTheQueueStandsANewRequestIsShedAfterTwiceTheTarget() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            call(client, 0);
            List<CompletableFuture<ContentResponse>> queued = new ArrayList<>();
            for (int id = 1; id <= 30; id++) {
                queued.add(callAsync(client, id));
            }
            // A probe every 100 ms while the queue lasts (~1.8 s and more), each without waiting for the one
            // before; the first come before the queue has stood for a second, and wait their turn in it.
            List<CompletableFuture<Duration>> probeTimes = new ArrayList<>();
            List<CompletableFuture<ContentResponse>> probes = new ArrayList<>();
            for (int probe = 100; probe < 120; probe++) {
                Thread.sleep(100);
                long start = System.nanoTime();
                CompletableFuture<ContentResponse> answer = callAsync(client, probe);
                probes.add(answer);
                probeTimes.add(answer.thenApply(r -> Duration.ofNanos(System.nanoTime() - start)));
            }
            ContentResponse shed = null;
            Duration took = null;
            for (int i = 0; i < probes.size() && shed == null; i++) {
                if (probes.get(i).get().getStatus() == 503) {
                    shed = probes.get(i).get();
                    took = probeTimes.get(i).get();
                }
            }

            assertThat(shed).as("a probe shed while the queue stood").isNotNull();
            assertThat(errorMessage(shed)).contains("no connection to upstream 'slow' free within 40 ms");
            assertThat(shed.getHeaders().get("Retry-After")).isEqualTo("1");
            assertThat(took).as("shed long before the queue ahead of it would have drained").isLessThan(Duration.ofMillis(400));
            for (CompletableFuture<ContentResponse> answer : queued) {
                assertThat(answer.get().getStatus()).as("queued before the queue stood: full wait").isEqualTo(200);
            }
        }
    }
}
