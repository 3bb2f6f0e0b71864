package io.shadowcat.auth;

import static io.shadowcat.auth.TestTokens.ATTACKER;
import io.shadowcat.testing.Endpoint;
import static io.shadowcat.auth.TestTokens.RSA;
import static io.shadowcat.auth.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attacks a resource server must withstand, each as the client sees it through the proxy: the status,
 * the exact {@code WWW-Authenticate} challenge, and that the upstream never saw the request.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AttackTableTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/jwt-auth.yml"),
            ConfigOverride.config("auth.keys.path", () -> TestTokens.jwksFile(RSA, TestTokens.EC).toString()));
    private static final String METADATA = "resource_metadata=\"http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp\"";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private static URI endpoint() {
        return URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp");
    }

    private static ContentResponse initializeWith(String token) throws Exception {
        try (McpTestClient client = new McpTestClient(endpoint(), token)) {
            return client.post(INITIALIZE).send();
        }
    }

    private static void assertInvalidToken(String token, String description) throws Exception {
        ContentResponse response = initializeWith(token);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaders().get("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\", error_description=\""
                + description + "\", " + METADATA + ", scope=\"mcp\"");
        assertThat(McpTestClient.message(response.getContentAsString()).at("/error/code").asInt()).isEqualTo(-32007);
        assertThat(McpTestClient.message(response.getContentAsString()).at("/id").asInt()).isEqualTo(7);
    }

    @Test
    void aValidTokenOpensASession() throws Exception {
        ContentResponse response = initializeWith(TestTokens.valid("alice"));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get("Mcp-Session-Id")).isNotBlank();
    }

    @Test
    void anEs256TokenIsAccepted() throws Exception {
        String token = TestTokens.sign(TestTokens.EC, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1"), claims("alice").build());
        assertThat(initializeWith(token).getStatus()).isEqualTo(200);
    }

    @Test
    void noTokenGetsTheBareChallenge() throws Exception {
        ContentResponse response = initializeWith(null);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaders().get("WWW-Authenticate")).isEqualTo("Bearer " + METADATA + ", scope=\"mcp\"");
    }

    @Test
    void algNone() throws Exception {
        assertInvalidToken(new PlainJWT(claims("alice").build()).serialize(), "the token is not a signed JWT");
    }

    @Test
    void hs256SignedWithThePublicKeyAsSecret() throws Exception {
        byte[] publicKey = RSA.toPublicJWK().toRSAPublicKey().getEncoded();
        assertInvalidToken(TestTokens.hs256(publicKey, "rsa-1", claims("alice").build()), "algorithm HS256 is not accepted");
        byte[] publicJwk = RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        assertInvalidToken(TestTokens.hs256(publicJwk, "rsa-1", claims("alice").build()), "algorithm HS256 is not accepted");
    }

    @Test
    void tamperedPayload() throws Exception {
        String forged = Base64URL.encode(claims("admin").claim("scope", "mcp admin").build().toString()).toString();
        assertInvalidToken(TestTokens.replacePart(TestTokens.valid("alice"), 1, payload -> forged),
                "the token's signature does not verify");
    }

    @Test
    void tamperedSignature() throws Exception {
        assertInvalidToken(TestTokens.replacePart(TestTokens.valid("alice"), 2,
                signature -> (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1)),
                "the token's signature does not verify");
    }

    @Test
    void expired() throws Exception {
        assertInvalidToken(TestTokens.rs256(claims("alice").issueTime(Date.from(Instant.now().minusSeconds(600)))
                .expirationTime(Date.from(Instant.now().minusSeconds(60))).build()), "the token has expired");
    }

    @Test
    void notYetValid() throws Exception {
        assertInvalidToken(TestTokens.rs256(claims("alice").notBeforeTime(Date.from(Instant.now().plusSeconds(60))).build()),
                "the token is not valid yet");
    }

    @Test
    void wrongIssuer() throws Exception {
        assertInvalidToken(TestTokens.rs256(claims("alice").issuer("https://evil.test").build()),
                "the token was not issued by https://idp.test");
    }

    @Test
    void wrongOrMissingAudience() throws Exception {
        String description = "the token's audience is not http://127.0.0.1:8080/mcp";
        assertInvalidToken(TestTokens.rs256(claims("alice").audience("http://127.0.0.1:9999/other").build()), description);
        assertInvalidToken(TestTokens.rs256(claims("alice").audience((String) null).build()), description);
    }

    @Test
    void unknownKeyIdFromAFixedKeySet() throws Exception {
        assertInvalidToken(TestTokens.sign(ATTACKER, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("nobody-knows"),
                claims("alice").build()), "the token's signing key is not known");
    }

    @Test
    void oversizedTokenAndHeader() throws Exception {
        String big = TestTokens.rs256(claims("alice").claim("padding", "x".repeat(17 * 1024)).build());
        java.net.http.HttpResponse<String> response = initializeWithLargeHeaders(big);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\", "
                + "error_description=\"the token is longer than 16384 characters\", " + METADATA + ", scope=\"mcp\"");
        String huge = TestTokens.rs256(claims("alice").claim("padding", "x".repeat(70 * 1024)).build());
        java.net.http.HttpResponse<String> tooLarge = initializeWithLargeHeaders(huge);
        assertThat(tooLarge.statusCode()).isEqualTo(431);
        // Refused before any handler read it, on either data plane: still a JSON-RPC error, not an error page.
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(tooLarge.body()).contains("\"code\":-32006").contains("request header block too large").contains("\"id\":null");
    }

    @Test
    void malformedOrOversizedHttpOnTheMcpPathIsAJsonRpcErrorOnEitherDataPlane() throws Exception {
        String malformed = rawExchange("POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: abc\r\n\r\n{}");
        assertThat(malformed).startsWith("HTTP/1.1 400 ").contains("application/json")
                .contains("\"code\":-32006").contains("malformed HTTP request").contains("\"id\":null");
        String longLine = rawExchange("POST /mcp?" + "q".repeat(70 * 1024) + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 2\r\n\r\n{}");
        assertThat(longLine).matches("(?s)HTTP/1\\.1 4(14|31) .*").contains("\"code\":-32006").contains("too l");
    }

    /** Writes {@code request} on a new connection and reads until the server closes it. */
    private static String rawExchange(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", Endpoint.port(APP))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Jetty's client refuses to send headers this large; the JDK's does not. */
    private static java.net.http.HttpResponse<String> initializeWithLargeHeaders(String token) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        return http.send(java.net.http.HttpRequest.newBuilder(endpoint())
                .header("Authorization", "Bearer " + token).header("Accept", McpTestClient.ACCEPT_BOTH)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedBase64OrJson() throws Exception {
        assertInvalidToken("not.a!token.at all", "the token is not a signed JWT");
        String notJson = Base64URL.encode("{\"alg\":\"RS256\"").toString();
        assertInvalidToken(TestTokens.replacePart(TestTokens.valid("alice"), 0, header -> notJson), "the token is not a signed JWT");
        assertInvalidToken("abc", "the token is not a signed JWT");
    }

    @Test
    void jkuX5uAndEmbeddedJwkPointingAtAnAttackerKeyAreIgnored() throws Exception {
        JWTClaimsSet claims = claims("alice").build();
        String description = "the token's signature does not verify";
        assertInvalidToken(TestTokens.sign(ATTACKER, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
                .jwkURL(URI.create("http://127.0.0.1:1/attacker.jwks")), claims), description);
        assertInvalidToken(TestTokens.sign(ATTACKER, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
                .x509CertURL(URI.create("http://127.0.0.1:1/attacker.pem")), claims), description);
        assertInvalidToken(TestTokens.sign(ATTACKER, new JWSHeader.Builder(JWSAlgorithm.RS256)
                .jwk(ATTACKER.toPublicJWK()), claims), description);
    }

    @Test
    void unknownCriticalHeader() throws Exception {
        assertInvalidToken(TestTokens.sign(RSA, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
                .customParam("exp-ext", 1).criticalParams(Set.of("exp-ext")), claims("alice").build()),
                "critical header parameters are not understood");
    }

    @Test
    void unexpectedTokenType() throws Exception {
        assertInvalidToken(TestTokens.sign(RSA, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
                .type(new JOSEObjectType("id_token+jwt")), claims("alice").build()), "the token's signature does not verify");
    }

    @Test
    void tokenInQueryString() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create(endpoint() + "?access_token=" + TestTokens.valid("alice")))) {
            ContentResponse response = client.post(INITIALIZE).send();
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getHeaders().get("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_request\", "
                    + "error_description=\"access tokens are not accepted in the query string\", " + METADATA);
        }
    }

    @Test
    void missingScopeIsForbidden() throws Exception {
        ContentResponse response = initializeWith(TestTokens.rs256(claims("alice").claim("scope", "read").build()));
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getHeaders().get("WWW-Authenticate"))
                .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"mcp\", " + METADATA);
    }

    @Test
    void anotherUsersTokenOnSomeonesSessionIsNotFound() throws Exception {
        String session;
        try (McpTestClient alice = new McpTestClient(endpoint(), TestTokens.valid("alice"))) {
            session = alice.initialize("2025-11-25");
            assertThat(alice.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}")
                    .headers(h -> h.put("Mcp-Session-Id", session)).send().getStatus()).isEqualTo(200);
        }
        try (McpTestClient mallory = new McpTestClient(endpoint(), TestTokens.valid("mallory"))) {
            ContentResponse response = mallory.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}")
                    .headers(h -> h.put("Mcp-Session-Id", session)).send();
            assertThat(response.getStatus()).isEqualTo(404);
        }
        try (McpTestClient nobody = new McpTestClient(endpoint())) {
            ContentResponse response = nobody.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}")
                    .headers(h -> h.put("Mcp-Session-Id", session)).send();
            assertThat(response.getStatus()).as("a session never authenticates by itself").isEqualTo(401);
        }
    }

    @Test
    void everyRefusalIsCountedByReason() throws Exception {
        long before = APP.getEnvironment().metrics().counter("shadowcat.auth.refused.bad_issuer").getCount();
        initializeWith(TestTokens.rs256(claims("alice").issuer("https://evil.test").build()));
        assertThat(APP.getEnvironment().metrics().counter("shadowcat.auth.refused.bad_issuer").getCount()).isEqualTo(before + 1);
    }
}
