package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a client discovers before it has a token (RFC 9728 metadata, at the root and path-inserted form),
 * and the Jersey management endpoint behind the same authenticator as the proxy.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ProtectedResourceTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/jwt-auth.yml"),
            ConfigOverride.config("auth.keys.path", () -> TestTokens.jwksFile(TestTokens.RSA).toString()));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String base() {
        return "http://127.0.0.1:" + Endpoint.port(APP);
    }

    @Test
    void metadataListsResourceAuthorizationServersAndScopes() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create(base() + "/mcp"))) {
            for (String path : new String[] {"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"}) {
                ContentResponse response = client.http().GET(base() + path);
                assertThat(response.getStatus()).isEqualTo(200);
                JsonNode metadata = JSON.readTree(response.getContentAsString());
                assertThat(metadata.get("resource").asText()).isEqualTo("http://127.0.0.1:8080/mcp");
                assertThat(metadata.get("authorization_servers").get(0).asText()).isEqualTo("https://idp.test");
                assertThat(metadata.get("scopes_supported").get(0).asText()).isEqualTo("mcp");
                assertThat(metadata.get("bearer_methods_supported").get(0).asText()).isEqualTo("header");
                assertThat(metadata.has("resource_signing_alg_values_supported")).as("Shadowcat signs no responses").isFalse();
            }
            assertThat(client.http().GET(base() + "/.well-known/oauth-protected-resource/other").getStatus()).isEqualTo(404);
        }
    }

    @Test
    void jerseyEndpointsUseTheSameAuthenticator() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create(base() + "/mcp"))) {
            ContentResponse anonymous = client.http().GET(base() + "/auth/principal");
            assertThat(anonymous.getStatus()).isEqualTo(401);
            ContentResponse forged = client.http().newRequest(base() + "/auth/principal")
                    .headers(h -> h.put("Authorization", "Bearer " + TestTokens.rs256(TestTokens.claims("alice").issuer("https://evil.test").build())))
                    .send();
            assertThat(forged.getStatus()).isEqualTo(401);
            ContentResponse alice = client.http().newRequest(base() + "/auth/principal")
                    .headers(h -> h.put("Authorization", "Bearer " + TestTokens.valid("alice"))).send();
            assertThat(alice.getStatus()).isEqualTo(200);
            JsonNode principal = JSON.readTree(alice.getContentAsString());
            assertThat(principal.get("subject").asText()).isEqualTo("alice");
            assertThat(principal.get("scopes").get(0).asText()).isEqualTo("mcp");
        }
    }
}
