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
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No token passthrough: the client authenticates to Shadowcat with its own token, and the upstream sees
 * only the token Shadowcat obtained for itself with the client-credentials grant.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientCredentialsUpstreamTest {
    private static final ScriptedUpstream UPSTREAM = start();
    private static final TokenEndpoint TOKENS = tokens();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/client-credentials-upstream.yml"),
            ConfigOverride.config("upstreams[0].url", () -> UPSTREAM.endpoint().toString()),
            ConfigOverride.config("upstreams[0].credentials.tokenUrl", () -> TOKENS.uri().toString()),
            ConfigOverride.config("auth.keys.path", () -> TestTokens.jwksFile(TestTokens.RSA).toString()));

    private static ScriptedUpstream start() {
        try {
            return ScriptedUpstream.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TokenEndpoint tokens() {
        try {
            return new TokenEndpoint();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        UPSTREAM.close();
        TOKENS.close();
    }

    @Test
    void theUpstreamSeesOnlyTheProxysOwnToken() throws Exception {
        String clientToken = TestTokens.valid("alice");
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"), clientToken)) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                        .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "ping")).send().getStatus())
                        .isEqualTo(200);
            }
        }
        assertThat(UPSTREAM.received()).hasSize(3).allSatisfy((HttpFields headers) -> {
            assertThat(headers.getValuesList("Authorization")).containsExactly("Bearer token-1");
            assertThat(headers.toString()).doesNotContain(clientToken);
        });
        assertThat(TOKENS.requests()).as("fetched once, then cached").hasSize(1);
    }
}
