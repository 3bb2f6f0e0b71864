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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The default strategy (p2c over an EWMA of latency) in front of three demo servers, one made slow
 * with its latency knob: new sessions steer away from the slow one. The slow one is far slower (300 ms)
 * than any stall a busy test machine gives the fast ones, since the average keeps a peak at once.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class P2cEwmaSteeringTest {
    private static final DemoTrio DEMOS = new DemoTrio(Duration.ZERO, Duration.ZERO, Duration.ofMillis(300));
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/demo-trio.yml"),
            ConfigOverride.config("upstreams[0].url", () -> DEMOS.endpoint(0)),
            ConfigOverride.config("upstreams[1].url", () -> DEMOS.endpoint(1)),
            ConfigOverride.config("upstreams[2].url", () -> DEMOS.endpoint(2)));

    @AfterAll
    static void stopDemos() throws Exception {
        DEMOS.close();
    }

    @Test
    void newSessionsAvoidTheSlowUpstream() throws Exception {
        Map<String, Integer> sessions = new HashMap<>();
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            for (int i = 0; i < 150; i++) {
                sessions.merge(FailingUpstreamsTest.pinnedUpstream(client.initialize("2025-06-18")), 1, Integer::sum);
            }
        }
        // Round-robin would send it 50 of 150; p2c-ewma tries it, sees its latency, and keeps away.
        assertThat(sessions.getOrDefault("three", 0)).as("sessions on the slow upstream: %s", sessions).isLessThan(15);
        assertThat(sessions.get("one") + sessions.get("two")).isGreaterThan(135);
    }
}
