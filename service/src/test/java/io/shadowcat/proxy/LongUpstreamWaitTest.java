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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tool that takes longer than the client connector's idle timeout: the client's connection is idle
 * meanwhile, but only the proxy's response timeout may end the request.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LongUpstreamWaitTest {
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor();
    private static final ScriptedUpstream UPSTREAM = FailingUpstreamsTest.start();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/single-upstream.yml"),
            ConfigOverride.config("upstreams[0].url", () -> UPSTREAM.endpoint().toString()),
            ConfigOverride.config("proxy.responseTimeout", "10s"),
            ConfigOverride.config("server.applicationConnectors[0].idleTimeout", "1s"));

    @AfterAll
    static void stop() throws Exception {
        LATER.shutdownNow();
        UPSTREAM.close();
    }

    @Test
    void aToolSlowerThanTheConnectorsIdleTimeoutIsAnswered() throws Exception {
        UPSTREAM.behave((request, response, callback) -> LATER.schedule(() -> ScriptedUpstream.json(response, callback, 200,
                "{\"jsonrpc\":\"2.0\",\"id\":\"patient\",\"result\":{}}"), 2500, TimeUnit.MILLISECONDS));
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            ContentResponse response = client.post("{\"jsonrpc\":\"2.0\",\"id\":\"patient\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}")
                    .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "tools/call").put("Mcp-Name", "echo"))
                    .send();
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
            assertThat(McpTestClient.message(response.getContentAsString()).get("id").asText()).isEqualTo("patient");
        }
    }
}
