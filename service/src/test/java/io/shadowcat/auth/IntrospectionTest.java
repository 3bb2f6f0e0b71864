package io.shadowcat.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpServer;
import io.dropwizard.auth.AuthenticationException;
import io.shadowcat.proxy.AuthOutcome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Opaque tokens checked by RFC 7662 introspection against a real local introspection endpoint, through the
 * proxy's auth stage: active, inactive, expired, for another audience, cached, and the endpoint down.
 */
class IntrospectionTest {
    private static final String METADATA = "http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp";
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server = start();
    private volatile int status = 200;
    /** When set, the endpoint holds every answer until it opens. */
    private volatile java.util.concurrent.CountDownLatch gate;

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/introspect", exchange -> {
                String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + form);
                String token = form.substring("token=".length(), form.indexOf('&'));
                if (gate != null) {
                    try {
                        gate.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] body = answers.getOrDefault(token, "{\"active\":false}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
            return http;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private BearerAuth gateway() {
        return new BearerAuth(tokenCheck(), new ScopeAuthorizer(), List.of("mcp"), 16384, METADATA,
                new AuthAudit(new MetricRegistry(), Clock.systemUTC()));
    }

    private TokenCheck tokenCheck() {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/introspect");
        Introspector introspector = new Introspector(endpoint, "shadowcat", "rs-secret", Duration.ofSeconds(2), TestTokens.ISSUER,
                TestTokens.RESOURCE, Duration.ofMinutes(1), Clock.systemUTC());
        VerificationKeys keys = VerificationKeys.fixed(new com.nimbusds.jose.jwk.JWKSet(TestTokens.RSA));
        JwtVerifier verifier = new JwtVerifier(keys, JwtVerifier.DEFAULT_ALGORITHMS, TestTokens.ISSUER, TestTokens.RESOURCE,
                Duration.ZERO, Clock.systemUTC());
        return new TokenCheck(verifier, keys, new VerifiedTokens(100, Duration.ofMinutes(5), Clock.systemUTC(),
                Ticker.systemTicker()), introspector);
    }

    private static AuthOutcome authenticate(BearerAuth auth, String token) throws Exception {
        AuthOutcome outcome = auth.authenticate(HttpFields.build().put("Authorization", "Bearer " + token), null, "127.0.0.1");
        while (outcome instanceof AuthOutcome.Deferred deferred) {
            outcome = deferred.next().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        return outcome;
    }

    private static String active(String subject, Instant exp, String aud) {
        return "{\"active\":true,\"sub\":\"" + subject + "\",\"scope\":\"mcp read\",\"exp\":" + exp.getEpochSecond()
                + ",\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + aud + "\"}";
    }

    private static String challenge(AuthOutcome outcome) {
        return ((AuthOutcome.Refused) outcome).rejection().headers().get(0).getValue();
    }

    @Test
    void anActiveTokenIsAdmittedAndCachedUntilItsExp() throws Exception {
        answers.put("opaque-1", active("carol", Instant.now().plusSeconds(600), TestTokens.RESOURCE));
        BearerAuth auth = gateway();
        assertThat(authenticate(auth, "opaque-1")).isInstanceOfSatisfying(AuthOutcome.Admitted.class,
                admitted -> assertThat(admitted.subject()).isEqualTo("carol"));
        assertThat(authenticate(auth, "opaque-1")).isInstanceOf(AuthOutcome.Admitted.class);
        assertThat(requests).containsExactly("Basic c2hhZG93Y2F0OnJzLXNlY3JldA== token=opaque-1&token_type_hint=access_token");
    }

    @Test
    void concurrentRequestsWithOneTokenAskTheServerOnce() throws Exception {
        answers.put("opaque-3", active("dave", Instant.now().plusSeconds(600), TestTokens.RESOURCE));
        BearerAuth auth = gateway();
        HttpFields headers = HttpFields.build().put("Authorization", "Bearer opaque-3");
        gate = new java.util.concurrent.CountDownLatch(1);
        AuthOutcome first = auth.authenticate(headers, null, "127.0.0.1");
        AuthOutcome second = auth.authenticate(headers, null, "127.0.0.1");
        gate.countDown();
        for (AuthOutcome outcome : List.of(first, second)) {
            assertThat(outcome).isInstanceOf(AuthOutcome.Deferred.class);
            assertThat(((AuthOutcome.Deferred) outcome).next().toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(AuthOutcome.Admitted.class);
        }
        assertThat(requests).hasSize(1);
    }

    @Test
    void anInactiveTokenIsRefused() throws Exception {
        AuthOutcome outcome = authenticate(gateway(), "revoked");
        assertThat(challenge(outcome)).isEqualTo("Bearer error=\"invalid_token\", error_description=\"the token is not active\", "
                + "resource_metadata=\"" + METADATA + "\", scope=\"mcp\"");
        assertThat(authenticate(gateway(), "revoked")).isInstanceOf(AuthOutcome.Refused.class);
        assertThat(requests).as("negative answers are not cached").hasSize(2);
    }

    @Test
    void anExpiredOrMisdirectedTokenIsRefused() throws Exception {
        answers.put("old", active("carol", Instant.now().minusSeconds(5), TestTokens.RESOURCE));
        answers.put("elsewhere", active("carol", Instant.now().plusSeconds(600), "https://other.example/mcp"));
        assertThat(challenge(authenticate(gateway(), "old"))).contains("the token has expired");
        assertThat(challenge(authenticate(gateway(), "elsewhere"))).contains("the token's audience is not " + TestTokens.RESOURCE);
    }

    @Test
    void jwtsAreStillVerifiedLocally() throws Exception {
        assertThat(authenticate(gateway(), TestTokens.valid("alice"))).isInstanceOf(AuthOutcome.Admitted.class);
        assertThat(requests).isEmpty();
    }

    @Test
    void anUnreachableEndpointIsServiceUnavailable() throws Exception {
        status = 500;
        AuthOutcome outcome = authenticate(gateway(), "opaque-2");
        assertThat(outcome).isInstanceOfSatisfying(AuthOutcome.Refused.class,
                refused -> assertThat(refused.rejection().status()).isEqualTo(503));
    }

    @Test
    void managementEndpointsWaitForTheIntrospectionOfATokenNotSeenBefore() throws Exception {
        answers.put("opaque-4", active("erin", Instant.now().plusSeconds(600), TestTokens.RESOURCE));
        McpAuthenticator jersey = new McpAuthenticator(tokenCheck(), Duration.ofSeconds(5));
        assertThat(jersey.authenticate("opaque-4")).hasValueSatisfying(principal ->
                assertThat(principal.getName()).isEqualTo("erin"));
        assertThat(jersey.authenticate("revoked")).isEmpty();
        assertThat(requests).hasSize(2);
    }

    @Test
    void managementEndpointsSayWhenTheTokenCouldNotBeChecked() {
        McpAuthenticator jersey = new McpAuthenticator(tokenCheck(), Duration.ofSeconds(5));
        status = 500;
        assertThatThrownBy(() -> jersey.authenticate("opaque-5")).isInstanceOf(AuthenticationException.class);
        status = 200;
        gate = new java.util.concurrent.CountDownLatch(1);
        McpAuthenticator impatient = new McpAuthenticator(tokenCheck(), Duration.ofMillis(50));
        assertThatThrownBy(() -> impatient.authenticate("opaque-6")).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("could not be checked within");
        gate.countDown();
    }
}
