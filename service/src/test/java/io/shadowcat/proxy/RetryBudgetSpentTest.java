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
import io.shadowcat.testing.Scrape;
import io.shadowcat.testing.ScriptedUpstream;
import java.net.URI;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With no retry budget, a refused connection is answered, not retried: retries cannot multiply an outage. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RetryBudgetSpentTest {
    private static final ScriptedUpstream ALPHA = FailingUpstreamsTest.start();
    private static final ScriptedUpstream BETA = FailingUpstreamsTest.start();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/three-upstreams.yml"),
            ConfigOverride.config("upstreams[1].url", () -> ALPHA.endpoint().toString()),
            ConfigOverride.config("upstreams[2].url", () -> BETA.endpoint().toString()),
            ConfigOverride.config("balancing.retryRatio", "0"),
            ConfigOverride.config("balancing.minRetriesPerSecond", "0"));

    @AfterAll
    static void stopUpstreams() throws Exception {
        ALPHA.close();
        BETA.close();
    }

    @Test
    void aRefusedInitializeIsAnswered502WhenTheBudgetIsSpent() throws Exception {
        ALPHA.behave(FailingUpstreamsTest.miniMcp("alpha"));
        BETA.behave(FailingUpstreamsTest.miniMcp("beta"));
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            Scrape scrape = new Scrape(client.http(), APP.getAdminPort());
            // Round-robin starts with the dead upstream.
            ContentResponse refused = client.post("{\"jsonrpc\":\"2.0\",\"id\":\"init-1\",\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}").send();
            assertThat(refused.getStatus()).isEqualTo(502);
            JsonNode error = McpTestClient.message(refused.getContentAsString());
            assertThat(error.get("id").asText()).isEqualTo("init-1");
            assertThat(error.at("/error/code").asInt()).isEqualTo(-32002);
            assertThat(error.at("/error/message").asText()).isEqualTo("upstream 'dead' failed: connection refused");
            assertThat(scrape.errors("dead", "connect")).isEqualTo(1);
            assertThat(ALPHA.received()).isEmpty();
            assertThat(BETA.received()).isEmpty();
            assertThat(FailingUpstreamsTest.pinnedUpstream(client.initialize("2025-06-18"))).isIn("alpha", "beta");
        }
    }
}
