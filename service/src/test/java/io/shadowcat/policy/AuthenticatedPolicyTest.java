package io.shadowcat.policy;

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
import java.net.URI;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With auth on, the principal the auth stage verified reaches the admission stages: rules on the subject
 * and on token claims decide, and the subject tier keeps one bucket per subject.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthenticatedPolicyTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/policy-auth.yml"),
            ConfigOverride.config("auth.keys.path", () -> TestTokens.jwksFile(TestTokens.RSA).toString()));

    private static ContentResponse echo(String subject, String tenant) throws Exception {
        String token = TestTokens.rs256(TestTokens.claims(subject).claim("tenant", tenant).build());
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"), token)) {
            return client.post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
                            + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}")
                    .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "tools/call")
                            .put("Mcp-Name", "echo")).send();
        }
    }

    private static String errorMessage(ContentResponse response) throws Exception {
        return McpTestClient.message(response.getContentAsString()).at("/error/message").asText();
    }

    @Test
    void subjectAndClaimRulesDecideOnTheVerifiedToken() throws Exception {
        assertThat(echo("alice", "acme").getStatus()).isEqualTo(200);
        ContentResponse globex = echo("carol", "globex");
        assertThat(globex.getStatus()).isEqualTo(403);
        assertThat(errorMessage(globex)).isEqualTo("echo is for acme only");
        ContentResponse mallory = echo("mallory", "acme");
        assertThat(mallory.getStatus()).isEqualTo(403);
        assertThat(errorMessage(mallory)).isEqualTo("denied by policy rule 'deny-mallory'");
    }

    @Test
    void theSubjectTierLimitsEachSubjectOnItsOwn() throws Exception {
        for (int i = 1; i <= 3; i++) {
            ContentResponse admitted = echo("bob", "acme");
            assertThat(admitted.getStatus()).isEqualTo(200);
            assertThat(admitted.getHeaders().get("RateLimit")).isEqualTo("\"subject\";r=" + (3 - i) + ";t=" + 1200 * i);
        }
        ContentResponse refused = echo("bob", "acme");
        assertThat(refused.getStatus()).isEqualTo(429);
        // One token per 1200 s, the first taken a moment ago on the real clock.
        assertThat(Long.parseLong(refused.getHeaders().get("Retry-After"))).isBetween(1140L, 1200L);
        assertThat(errorMessage(refused)).isEqualTo("rate limit exceeded (subject tier); retry after "
                + refused.getHeaders().get("Retry-After") + " s");
        assertThat(echo("dave", "acme").getStatus()).isEqualTo(200);
    }
}
