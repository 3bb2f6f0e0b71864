package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.auth.TestTokens;
import io.shadowcat.testing.McpTestClient;
import io.shadowcat.testing.ScriptedUpstream;
import java.net.URI;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When the upstream's authorization server cannot be reached, the client gets a 502 and the upstream nothing. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientCredentialsUnavailableTest {
    private static final ScriptedUpstream UPSTREAM = start();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/client-credentials-upstream.yml"),
            ConfigOverride.config("upstreams[0].url", () -> UPSTREAM.endpoint().toString()),
            ConfigOverride.config("auth.keys.path", () -> TestTokens.jwksFile(TestTokens.RSA).toString()));

    private static ScriptedUpstream start() {
        try {
            return ScriptedUpstream.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        UPSTREAM.close();
    }

    @Test
    void noUpstreamTokenIsA502() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"),
                TestTokens.valid("alice"))) {
            ContentResponse response = client.post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}")
                    .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "ping")).send();
            assertThat(response.getStatus()).isEqualTo(502);
            assertThat(McpTestClient.message(response.getContentAsString()).at("/error/message").asText())
                    .isEqualTo("could not obtain credentials for upstream 'scripted'");
        }
        assertThat(UPSTREAM.received()).isEmpty();
    }
}
