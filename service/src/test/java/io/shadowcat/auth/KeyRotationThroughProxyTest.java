package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The auth stage's deferred path through the proxy: a token signed by a key the proxy has not fetched yet
 * is held (no thread waits) while the JWKS is refetched from a real local IdP, then admitted.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class KeyRotationThroughProxyTest {
    private static final JwksServer IDP = start();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/jwt-auth-jwks-uri.yml"),
            ConfigOverride.config("auth.keys.uri", () -> IDP.uri().toString()));

    private static JwksServer start() {
        try {
            JwksServer idp = new JwksServer();
            idp.serve(TestTokens.RSA);
            return idp;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        IDP.close();
    }

    private static ContentResponse initialize(String token) throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"), token)) {
            return client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}").send();
        }
    }

    @Test
    void aKeyRotatedAtTheIdpIsFetchedWhileTheRequestWaitsThenAdmitted() throws Exception {
        assertThat(initialize(TestTokens.valid("alice")).getStatus()).isEqualTo(200);
        RSAKey rotated = TestTokens.rsa("rsa-rotated");
        IDP.serve(TestTokens.RSA, rotated);
        String token = TestTokens.sign(rotated, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-rotated"),
                TestTokens.claims("alice").build());
        int before = IDP.requests();

        assertThat(initialize(token).getStatus()).isEqualTo(200);
        assertThat(IDP.requests()).isEqualTo(before + 1);
    }

    @Test
    void aKeyTheIdpDoesNotHaveIsRefusedAfterOneRefetch() throws Exception {
        assertThat(initialize(TestTokens.valid("alice")).getStatus()).isEqualTo(200);
        int before = IDP.requests();
        String token = TestTokens.sign(TestTokens.ATTACKER, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker"),
                TestTokens.claims("alice").build());

        ContentResponse response = initialize(token);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaders().get("WWW-Authenticate")).contains("error_description=\"the token's signing key is not known\"");
        assertThat(IDP.requests()).isEqualTo(before + 1);
    }

    @Test
    void managementEndpointsWaitForTheSameRefetch() throws Exception {
        RSAKey rotated = TestTokens.rsa("rsa-rotated-for-jersey");
        IDP.serve(TestTokens.RSA, rotated);
        String token = TestTokens.sign(rotated, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-rotated-for-jersey"),
                TestTokens.claims("carol").build());
        int before = IDP.requests();

        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            ContentResponse principal = client.http().newRequest("http://127.0.0.1:" + Endpoint.port(APP) + "/auth/principal")
                    .headers(h -> h.put("Authorization", "Bearer " + token)).send();
            assertThat(principal.getStatus()).isEqualTo(200);
            assertThat(principal.getContentAsString()).contains("\"subject\":\"carol\"");
            assertThat(IDP.requests()).isEqualTo(before + 1);

            String attacker = TestTokens.sign(TestTokens.ATTACKER, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker-jersey"),
                    TestTokens.claims("carol").build());
            ContentResponse refused = client.http().newRequest("http://127.0.0.1:" + Endpoint.port(APP) + "/auth/principal")
                    .headers(h -> h.put("Authorization", "Bearer " + attacker)).send();
            assertThat(refused.getStatus()).isEqualTo(401);
            assertThat(IDP.requests()).isEqualTo(before + 2);
        }
    }
}
